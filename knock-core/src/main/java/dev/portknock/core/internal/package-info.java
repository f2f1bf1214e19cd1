/**
 * Not API: helpers portknock's own modules share, exported to them only (see module-info).
 */
package dev.portknock.core.internal;
