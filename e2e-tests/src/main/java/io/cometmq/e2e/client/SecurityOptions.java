package io.cometmq.e2e.client;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The option both commands share for a secured cluster (credentials come from the environment, see ClientSecurity). */
final class SecurityOptions {

    @Option(names = "--tls-trust-cert", description = "connect with TLS, trusting the CA certificate(s) in this PEM "
            + "file (e.g. ca.crt of the cluster's <cluster>-tls Secret). Credentials: environment variables "
            + ClientSecurity.ACCESS_KEY_ENV + " and " + ClientSecurity.SECRET_KEY_ENV)
    Path trustCert;

    /** The security of this run, or a usage error naming the variable or option. */
    ClientSecurity resolve(CommandSpec spec) {
        try {
            return ClientSecurity.from(System.getenv(), trustCert);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
