package wechatpay.reactor.cli;

import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayException;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.sandbox.FaultRates;

/**
 * One call of a single-call command ({@code query}, {@code contract}, {@code presign}, {@code terminate}): the
 * answer as one JSON object on stdout and exit 0; WeChat Pay's refusal or a failure on stderr and exit 2; usage or
 * configuration errors exit 1.
 */
final class SingleCall {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private SingleCall() {
    }

    static int run(CallOptions calls, Function<Target, Mono<? extends JsonNode>> call) {
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), calls.limits(), FaultRates.NONE)) {
            JsonNode answer = call.apply(target).block(WAIT);
            System.out.println(answer);
            return 0;
        } catch (ValidationException e) {
            throw new UsageException(e.getMessage());
        } catch (WechatPayServiceException e) {
            System.err.println(e.status() == 404 ? "not found: " + e.getMessage() : "error: " + e.getMessage());
            return 2;
        } catch (WechatPayException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
