package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NflogProtocolTest {
    @Test
    void theBindRequestIsOneConfigMessageAskingForAnAcknowledgement() {
        ByteBuffer request = ByteBuffer.wrap(NflogProtocol.bindRequest(4242, 1)).order(ByteOrder.nativeOrder());

        assertEquals(request.capacity(), request.getInt(0), "nlmsg_len");
        assertEquals(0x0401, request.getShort(4), "nlmsg_type: NFNL_SUBSYS_ULOG, NFULNL_MSG_CONFIG");
        assertEquals(0x0005, request.getShort(6), "nlmsg_flags: NLM_F_REQUEST | NLM_F_ACK");
        assertEquals(1, request.getInt(8), "nlmsg_seq");
        assertEquals(0, request.getInt(12), "nlmsg_pid: the kernel");
    }

    @Test
    void theBindRequestNamesTheGroupInNetworkOrder() {
        byte[] request = NflogProtocol.bindRequest(4242, 1);

        assertEquals(0, request[16], "family AF_UNSPEC");
        assertEquals(0, request[17], "version NFNETLINK_V0");
        assertEquals(4242, ByteBuffer.wrap(request, 18, 2).getShort() & 0xFFFF, "res_id");
    }

    @Test
    void theBindRequestCarriesBindCopyModeBatchingAndSequenceNumbers() {
        ByteBuffer request = ByteBuffer.wrap(NflogProtocol.bindRequest(7, 1));
        StringBuilder attributes = new StringBuilder();
        int offset = 20;
        while (offset < request.capacity()) {
            request.order(ByteOrder.nativeOrder());
            int length = request.getShort(offset);
            int type = request.getShort(offset + 2);
            request.order(ByteOrder.BIG_ENDIAN);
            int value = offset + 4;
            attributes.append(type).append('=').append(switch (type) {
                case NflogProtocol.NFULA_CFG_CMD -> Integer.toString(request.get(value));
                case NflogProtocol.NFULA_CFG_MODE -> request.getInt(value) + "/" + request.get(value + 4);
                case NflogProtocol.NFULA_CFG_FLAGS -> Integer.toString(request.getShort(value));
                default -> Integer.toString(request.getInt(value));
            }).append(' ');
            offset += NflogProtocol.align(length);
        }

        assertEquals("1=1 2=512/2 3=65536 4=1 5=1024 6=1 ", attributes.toString());
    }

    @Test
    void aGroupOutside16BitsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogProtocol.bindRequest(65536, 1));
        assertEquals("nflog group must be in 0..65535: 65536", e.getMessage());
    }
}
