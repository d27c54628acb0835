package io.cometmq.e2e.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cometmq-e2e-client produce|consume ...}: see {@link ProduceCommand} and {@link ConsumeCommand}. */
@Command(name = "cometmq-e2e-client", mixinStandardHelpOptions = true,
        description = "Sends and receives test messages with the Apache RocketMQ client; one result per line.",
        subcommands = {ProduceCommand.class, ConsumeCommand.class})
public final class ClientMain implements Runnable {

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "a subcommand is required: produce or consume");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code, without exiting (the tests call this). */
    public static int run(String... args) {
        return new CommandLine(new ClientMain()).execute(args);
    }
}
