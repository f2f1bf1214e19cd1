/** KnockServer, KnockClient and the built-in backends that need no native code. */
module dev.portknock.runtime {
    requires transitive dev.portknock.spi;
    requires org.slf4j;

    exports dev.portknock.runtime;
}
