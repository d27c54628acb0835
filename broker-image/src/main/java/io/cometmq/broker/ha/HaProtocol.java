package io.cometmq.broker.ha;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The replication wire format on the HA port (CometMQ's own; clients never use this port). With TLS
 * ({@code tls.server.mode} on the master, {@code tls.enable} on the slave) the same bytes flow inside a TLS session.
 *
 * <pre>
 * slave → master, once:  i32 MAGIC | i64 slaveMaxOffset | i32 slaveLastEpoch                       (plain hello)
 *   or, authenticated:   i32 MAGIC_AUTH
 *   master → slave:      i32 MAGIC_AUTH | 32 bytes nonce                                          (challenge)
 *   slave → master:      u16 n | n bytes accessKey (UTF-8) | 32 bytes proof | i64 slaveMaxOffset | i32 slaveLastEpoch
 * master → slave, once:  i32 MAGIC | i64 truncateTo (-1 = keep) | i64 startOffset | i32 n | n × (i32 epoch, i64 start)
 *   or a refusal:        i32 MAGIC_REFUSED, then the master closes the connection
 * master → slave, then:  i64 offset | i32 size | i64 masterMaxOffset | size bytes   (size 0 = heartbeat)
 * slave → master, then:  i64 slaveMaxOffset                                         (acknowledgement / heartbeat)
 * </pre>
 *
 * Chunks hold whole records only and never cross a commit-log segment, so the slave appends them as they come.
 *
 * <p><b>Authentication</b> (when the master's {@code authenticationEnabled} is true): the slave proves it holds the
 * inner credentials ({@code innerClientAuthenticationCredentials}) with
 * {@code proof = HMAC-SHA256(secretKey, "CMQA" | nonce | accessKey | slaveMaxOffset | slaveLastEpoch)} over a nonce
 * the master drew for this connection (SecureRandom), so a recorded hello cannot be replayed. The master accepts only
 * its own inner access key and a matching proof, both compared in constant time; otherwise it answers
 * MAGIC_REFUSED, closes, and logs the access key and the peer (never a secret). A master with authentication off
 * accepts both hellos without checking the proof.
 *
 * <p><b>Mixed versions during a roll</b>: a slave sends the authenticated hello only when its own
 * {@code authenticationEnabled} is true and it has inner credentials; otherwise it sends the plain hello, which every
 * version understands. A master of a version without authentication reads MAGIC_AUTH as a bad magic and closes: the
 * slave retries with back-off and replicates once the master runs this version (the operator rolls slaves first,
 * then the master, so this lasts until the master restarted). An older slave (plain hello) is refused by a master
 * with authentication on.
 */
final class HaProtocol {

    static final int MAGIC = 0x434D5148; // "CMQH"
    static final int MAGIC_AUTH = 0x434D5141; // "CMQA"
    static final int MAGIC_REFUSED = 0x434D5158; // "CMQX"
    static final int NONCE_BYTES = 32;
    static final int PROOF_BYTES = 32;
    private static final int MAX_ACCESS_KEY_BYTES = 1024;
    static final int CHUNK_HEADER = 8 + 4 + 8;

    record Hello(long slaveMaxOffset, int slaveLastEpoch) {
    }

    /** The slave's answer to a challenge; {@code proof} is HMAC-SHA256 as the class comment says. */
    record AuthenticatedHello(String accessKey, byte[] proof, Hello hello) {
    }

    /** The master refused the slave's hello (wrong or missing credentials). */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    record Welcome(long truncateTo, long startOffset, List<EpochHistory.Epoch> epochs) {
    }

    private HaProtocol() {
    }

    static void writeHello(DataOutputStream out, Hello hello) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(hello.slaveMaxOffset());
        out.writeInt(hello.slaveLastEpoch());
        out.flush();
    }

    static Hello readHello(DataInputStream in) throws IOException {
        checkMagic(in.readInt());
        return readHelloBody(in);
    }

    /** The first i32 a slave sends: {@link #MAGIC} (plain hello follows) or {@link #MAGIC_AUTH}. */
    static int readOpening(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC && magic != MAGIC_AUTH) {
            checkMagic(magic);
        }
        return magic;
    }

    static Hello readHelloBody(DataInputStream in) throws IOException {
        return new Hello(in.readLong(), in.readInt());
    }

    static void writeAuthRequest(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC_AUTH);
        out.flush();
    }

    static void writeChallenge(DataOutputStream out, byte[] nonce) throws IOException {
        out.writeInt(MAGIC_AUTH);
        out.write(nonce);
        out.flush();
    }

    static byte[] readChallenge(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic == MAGIC_REFUSED) {
            throw refused();
        }
        if (magic != MAGIC_AUTH) {
            throw new IOException("master did not answer the authenticated hello (magic " + Integer.toHexString(magic)
                    + ")");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.readFully(nonce);
        return nonce;
    }

    static void writeAuthenticatedHello(DataOutputStream out, AuthenticatedHello hello) throws IOException {
        byte[] key = hello.accessKey().getBytes(StandardCharsets.UTF_8);
        out.writeShort(key.length);
        out.write(key);
        out.write(hello.proof());
        out.writeLong(hello.hello().slaveMaxOffset());
        out.writeInt(hello.hello().slaveLastEpoch());
        out.flush();
    }

    static AuthenticatedHello readAuthenticatedHello(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_ACCESS_KEY_BYTES) {
            throw new IOException("implausible access key length " + length);
        }
        byte[] key = new byte[length];
        in.readFully(key);
        byte[] proof = new byte[PROOF_BYTES];
        in.readFully(proof);
        return new AuthenticatedHello(new String(key, StandardCharsets.UTF_8), proof, readHelloBody(in));
    }

    static void writeRefusal(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC_REFUSED);
        out.flush();
    }

    /** HMAC-SHA256 over the nonce and the hello's fields, keyed with the secret key. */
    static byte[] proof(String secretKey, byte[] nonce, String accessKey, Hello hello) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            ByteBuffer fields = ByteBuffer.allocate(4 + 8 + 4);
            fields.putInt(MAGIC_AUTH).putLong(hello.slaveMaxOffset()).putInt(hello.slaveLastEpoch());
            mac.update(fields.array(), 0, 4);
            mac.update(nonce);
            mac.update(accessKey.getBytes(StandardCharsets.UTF_8));
            mac.update(fields.array(), 4, 12);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static RefusedException refused() {
        return new RefusedException("the master refused this slave's HA credentials (check that slave and master "
                + "have the same innerClientAuthenticationCredentials and authenticationEnabled)");
    }

    static void writeWelcome(DataOutputStream out, Welcome welcome) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(welcome.truncateTo());
        out.writeLong(welcome.startOffset());
        out.writeInt(welcome.epochs().size());
        for (EpochHistory.Epoch epoch : welcome.epochs()) {
            out.writeInt(epoch.epoch());
            out.writeLong(epoch.startOffset());
        }
        out.flush();
    }

    static Welcome readWelcome(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic == MAGIC_REFUSED) {
            throw refused();
        }
        checkMagic(magic);
        long truncateTo = in.readLong();
        long start = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > 100_000) {
            throw new IOException("implausible epoch count " + count + " from master");
        }
        List<EpochHistory.Epoch> epochs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            epochs.add(new EpochHistory.Epoch(in.readInt(), in.readLong()));
        }
        return new Welcome(truncateTo, start, epochs);
    }

    private static void checkMagic(int magic) throws IOException {
        if (magic != MAGIC) {
            throw new IOException("not a CometMQ replication peer (magic " + Integer.toHexString(magic) + ")");
        }
    }
}
