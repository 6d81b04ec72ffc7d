package wechatpay.reactor;

/** The default {@link CallListener}: nothing is heard, and the pipeline skips its work. */
final class NoCallListener implements CallListener {
    static final NoCallListener INSTANCE = new NoCallListener();

    private NoCallListener() {
    }

    @Override
    public void onCall(CallEvent event) {
    }

    @Override
    public String toString() {
        return "CallListener.none()";
    }
}
