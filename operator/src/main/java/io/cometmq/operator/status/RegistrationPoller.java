package io.cometmq.operator.status;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the NameServers, one after another, which brokers they see; the first answer wins because every
 * broker registers with every NameServer. Empty when none answered: registration is then unknown, which
 * status shows as an absent {@code registered} field rather than a false alarm.
 */
public final class RegistrationPoller {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationPoller.class);

    private final RegistrationSource source;

    public RegistrationPoller(RegistrationSource source) {
        this.source = source;
    }

    public Optional<Set<String>> poll(List<String> nameServerAddresses) {
        for (String address : nameServerAddresses) {
            try {
                return Optional.of(Set.copyOf(source.registeredBrokers(address)));
            } catch (UnsupportedOperationException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (Exception e) {
                LOG.debug("NameServer {} did not answer: {}", address, e.toString());
            }
        }
        return Optional.empty();
    }
}
