/**
 * Not API: what dev.portknock.pad hands to portknock's test kit only (see module-info).
 */
package dev.portknock.pad.internal;
