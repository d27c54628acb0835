package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.crd.SecretKeyRefSpec;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.security.GeneratedSecrets;
import io.cometmq.operator.security.SecretValues;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A BrokerUser's password: from the Secret key its spec names, or from {@code <brokeruser>-password} (key
 * {@code password}), which is created once with a random password, owned by the BrokerUser (garbage-collected with
 * it) and never rewritten. The Secret is read on every reconcile, so a changed password reaches the brokers at the
 * next one (at most the recheck period later) without restarting anything.
 */
final class PasswordSecrets {
    static final String SUFFIX = "-password";
    static final String BROKER_USER_LABEL = "cometmq.io/brokeruser";

    private PasswordSecrets() {
    }

    /** The Secret a BrokerUser's password is read from. */
    static SecretKeyRefSpec reference(BrokerUser user) {
        SecretKeyRefSpec named = user.getSpec().getPasswordSecret();
        if (named != null) {
            return new SecretKeyRefSpec(named.getName(), named.getKey() == null ? SecretKeyRefSpec.DEFAULT_KEY : named.getKey());
        }
        return new SecretKeyRefSpec(user.getMetadata().getName() + SUFFIX, SecretKeyRefSpec.DEFAULT_KEY);
    }

    static String password(BrokerUser user, KubernetesClient client) throws NotReady {
        SecretKeyRefSpec ref = reference(user);
        String namespace = user.getMetadata().getNamespace();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (secret == null && user.getSpec().getPasswordSecret() == null) {
            secret = createGenerated(user, ref, client);
        }
        if (secret == null) {
            throw new NotReady("PasswordSecretNotFound", "Secret " + ref.getName() + " (spec.passwordSecret) does not exist");
        }
        return SecretValues.read(secret, ref.getKey()).orElseThrow(() -> new NotReady("PasswordSecretInvalid",
                "Secret " + ref.getName() + " has no non-empty key " + ref.getKey()));
    }

    private static Secret createGenerated(BrokerUser user, SecretKeyRefSpec ref, KubernetesClient client) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                    .withName(ref.getName())
                    .withNamespace(user.getMetadata().getNamespace())
                    .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
                    .addToLabels(BROKER_USER_LABEL, user.getMetadata().getName())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(user.getApiVersion())
                            .withKind(user.getKind()).withName(user.getMetadata().getName())
                            .withUid(user.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                            .build())
                .endMetadata()
                .withType("Opaque")
                .addToData(ref.getKey(), SecretValues.encode(GeneratedSecrets.randomSecret()))
                .build();
        try {
            return client.secrets().inNamespace(user.getMetadata().getNamespace()).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) { // made in the meantime (another reconcile, or the user): use that one
                return client.secrets().inNamespace(user.getMetadata().getNamespace()).withName(ref.getName()).get();
            }
            throw e;
        }
    }
}
