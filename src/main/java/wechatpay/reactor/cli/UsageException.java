package wechatpay.reactor.cli;

/** A usage or configuration problem: the command prints its one-line message and exits with 1. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
