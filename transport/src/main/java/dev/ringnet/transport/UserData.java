package dev.ringnet.transport;

/**
 * The 64-bit {@code user_data} of every SQE this transport submits, packed so a completion is routed with no
 * lookup beyond one int-keyed map and no allocation:
 * <pre>
 *  63            32 31      24 23                 0
 * +----------------+----------+--------------------+
 * | registration id|  opcode  |  data (24 bits)    |
 * +----------------+----------+--------------------+
 * </pre>
 * Registration id 0 belongs to the handler itself (its wakeup read, its cancels).
 */
final class UserData {
    static final int DATA_MASK = 0xff_ffff;

    private UserData() {
    }

    static long encode(int registrationId, int opcode, int data) {
        return ((long) registrationId << 32) | ((long) (opcode & 0xff) << 24) | (data & DATA_MASK);
    }

    static int registrationId(long userData) {
        return (int) (userData >>> 32);
    }

    static int opcode(long userData) {
        return (int) (userData >>> 24) & 0xff;
    }

    static int data(long userData) {
        return (int) userData & DATA_MASK;
    }
}
