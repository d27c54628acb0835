package io.cometmq.namesrv.processor;

import io.cometmq.namesrv.route.BrokerRegistration;
import io.cometmq.namesrv.route.RegistrationResult;
import io.cometmq.namesrv.route.RouteTable;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.RegisterBrokerBodyCodec;
import io.cometmq.protocol.body.TopicConfigSerializeWrapper;
import io.cometmq.protocol.config.ValueType.HostPort;
import io.cometmq.protocol.header.ControllerEpochFields;
import io.cometmq.protocol.header.ExtFields;
import io.cometmq.protocol.header.NameServerHeaders.BrokerAddr;
import io.cometmq.protocol.header.NameServerHeaders.QueryDataVersionResponse;
import io.cometmq.protocol.header.NameServerHeaders.RegisterBrokerResponse;
import io.cometmq.protocol.header.RegisterBrokerRequestHeader;
import io.cometmq.protocol.header.UnregisterBrokerRequestHeader;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Broker membership: REGISTER_BROKER, UNREGISTER_BROKER, QUERY_DATA_VERSION and BROKER_HEARTBEAT. */
public final class BrokerRegistrationProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrationProcessor.class);

    private final RouteTable routes;
    private final Listeners listeners;

    public BrokerRegistrationProcessor(RouteTable routes) {
        this(routes, new Listeners());
    }

    /** @param listeners which listener a request came through: brokers must use the internal one */
    public BrokerRegistrationProcessor(RouteTable routes, Listeners listeners) {
        this.routes = routes;
        this.listeners = listeners;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (listeners.external(context)) {
            // a broker registered through the external port would be reachable under an address the outside gave
            log.warn("refused {} from {} on the external listener", codeName(request.code()),
                    context.remoteAddressString());
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, codeName(request.code())
                    + " is refused on the NameServer's external listener " + listeners.externalAddressText()
                    + ": brokers register and heartbeat on the internal listener (listenPort)");
        }
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(context, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            case RequestCode.BROKER_HEARTBEAT -> heartbeat(request);
            default -> throw new IllegalStateException("not a registration code: " + request.code());
        };
    }

    private static String codeName(int code) {
        return switch (code) {
            case RequestCode.REGISTER_BROKER -> "REGISTER_BROKER";
            case RequestCode.UNREGISTER_BROKER -> "UNREGISTER_BROKER";
            case RequestCode.QUERY_DATA_VERSION -> "QUERY_DATA_VERSION";
            case RequestCode.BROKER_HEARTBEAT -> "BROKER_HEARTBEAT";
            default -> "request code " + code;
        };
    }

    private RemotingCommand register(RequestContext context, RemotingCommand request) {
        RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.decode(request);
        if (header.brokerExternalAddr() != null) {
            HostPort.REQUIRED.problem(header.brokerExternalAddr()).ifPresent(problem -> {
                throw new IllegalArgumentException("header field '" + RegisterBrokerRequestHeader.EXTERNAL_ADDR_FIELD
                        + "' of broker " + header.brokerAddr() + " " + problem);
            });
        }
        byte[] body = request.body();
        if (body != null && header.bodyCrc32() != 0 && RegisterBrokerBodyCodec.crc32(body) != header.bodyCrc32()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        TopicConfigSerializeWrapper topics = body == null || body.length == 0
                ? TopicConfigSerializeWrapper.of(null, DataVersion.initial(0))
                : RegisterBrokerBodyCodec.decode(body, header.compressed()).topicConfigSerializeWrapper();
        if (topics == null) {
            throw new IllegalArgumentException("registration body has no topicConfigSerializeWrapper");
        }
        DataVersion version = topics.dataVersion() == null ? DataVersion.initial(0) : topics.dataVersion();
        BrokerRegistration registration = new BrokerRegistration(header.clusterName(), header.brokerName(),
                header.brokerAddr(), header.brokerId(), header.haServerAddr(), header.heartbeatTimeoutMillis(),
                header.enableActingMaster(), version, topics.topicConfigTable(), controllerEpoch(request),
                header.brokerExternalAddr());
        String externalBefore = routes.externalAddrOf(header.brokerAddr());
        boolean known = routes.dataVersionOf(header.brokerAddr()) != null;
        RegistrationResult result = routes.register(registration, context.channel());
        if (result.masterRefused()) {
            log.warn("master slot refused: name={} addr={} registered with controller epoch {} but a master of the "
                    + "group registered with epoch {}", header.brokerName(), header.brokerAddr(),
                    registration.controllerEpoch(), result.masterEpoch());
        } else if (!known) {
            log.info("broker registered: cluster={} name={} id={} addr={} topics={}{}", header.clusterName(),
                    header.brokerName(), header.brokerId(), header.brokerAddr(), topics.topicConfigTable().size(),
                    registration.controllerEpoch() == null ? "" : " controllerEpoch=" + registration.controllerEpoch());
        }
        if (!result.masterRefused() && !java.util.Objects.equals(externalBefore, header.brokerExternalAddr())
                && (known || header.brokerExternalAddr() != null)) {
            log.info("broker {} (name={} id={}) external address: {} -> {}", header.brokerAddr(), header.brokerName(),
                    header.brokerId(), externalBefore == null ? "none" : externalBefore,
                    header.brokerExternalAddr() == null ? "none" : header.brokerExternalAddr());
        }
        return answer(request, ResponseCode.SUCCESS, null, result);
    }

    /** The registration answer, with the controller-epoch fields when there is something to say. */
    private static RemotingCommand answer(RemotingCommand request, int code, String remark,
            RegistrationResult result) {
        RemotingCommand response = RemotingCommand.responseTo(request, code, remark)
                .putFields(new RegisterBrokerResponse(result.masterAddr(), result.masterHaServerAddr()).encode());
        if (result.masterEpoch() != null) {
            response.putField(ControllerEpochFields.MASTER_EPOCH, result.masterEpoch());
        }
        if (result.masterRefused()) {
            response.putField(ControllerEpochFields.MASTER_REFUSED, true);
        }
        return response;
    }

    /** The {@code cometmqEpoch} ext field, or null when the broker is unmanaged. */
    private static Integer controllerEpoch(RemotingCommand request) {
        String value = ExtFields.of(request).optional(ControllerEpochFields.EPOCH);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ext field '" + ControllerEpochFields.EPOCH + "' must be a whole "
                    + "number, was '" + value + "'");
        }
    }

    private RemotingCommand unregister(RemotingCommand request) {
        UnregisterBrokerRequestHeader header = UnregisterBrokerRequestHeader.decode(request);
        boolean removed = routes.unregister(header.brokerName(), header.brokerAddr(), header.brokerId());
        log.info("broker unregistered: name={} id={} addr={} (was registered: {})", header.brokerName(),
                header.brokerId(), header.brokerAddr(), removed);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand queryDataVersion(RemotingCommand request) {
        String addr = BrokerAddr.decode(request).brokerAddr();
        DataVersion theirs = Json.decode(request.body(), DataVersion.class);
        DataVersion ours = routes.dataVersionOf(addr);
        routes.touch(addr);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putFields(new QueryDataVersionResponse(ours == null || !ours.equals(theirs)).encode());
        if (ours != null) {
            response.body(Json.encode(ours));
        }
        return response;
    }

    private RemotingCommand heartbeat(RemotingCommand request) {
        String addr = BrokerAddr.decode(request).brokerAddr();
        Integer epoch = controllerEpoch(request);
        if (epoch != null) {
            return leaseHeartbeat(request, addr, epoch);
        }
        if (!routes.touch(addr)) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "broker " + addr + " is not registered; send REGISTER_BROKER first");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** A managed broker's heartbeat (with brokerName, brokerId and its epoch): answered like a registration. */
    private RemotingCommand leaseHeartbeat(RemotingCommand request, String addr, int epoch) {
        ExtFields fields = ExtFields.of(request);
        String brokerName = fields.required("brokerName");
        long brokerId = fields.requiredLong("brokerId");
        RegistrationResult result = routes.heartbeat(brokerName, addr, brokerId, epoch);
        if (result == null) {
            Integer highest = routes.highestMasterEpoch(brokerName);
            return answer(request, ResponseCode.SYSTEM_ERROR, "broker " + addr + " is not registered as " + brokerName
                    + " id " + brokerId + "; send REGISTER_BROKER first",
                    new RegistrationResult(null, null, highest, false));
        }
        if (result.masterRefused()) {
            log.warn("master slot refused on heartbeat: name={} addr={} epoch {} < {}", brokerName, addr, epoch,
                    result.masterEpoch());
        }
        return answer(request, ResponseCode.SUCCESS, null, result);
    }
}
