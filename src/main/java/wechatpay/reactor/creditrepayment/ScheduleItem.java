package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.Excerpt;

/**
 * One repayment to schedule for one contract: the contract ({@code contract_id}, {@code appid}, {@code openid})
 * plus one {@code schedule_items} entry. Amounts are {@code long} fen (分; {@code 10000} is ¥100.00), the date is
 * the Beijing calendar date of the repayment.
 *
 * <p>Immutable and thread-safe, with value equality. {@link Builder#build()} checks nothing, so a bad item can
 * still be built and carried through a stream; {@link #validate(LocalDate)} applies every rule of the
 * schedule-repayment API and throws a {@link ValidationException} naming the first broken wire field.
 * {@link #loanType()} is never sent: it only selects the {@code min_repayment_amount} rule.
 *
 * <pre>{@code
 * ScheduleItem item = ScheduleItem.builder()
 *     .contractId("20251105000000123456789").appid("wxd678efh567hg6787").openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
 *     .outRecordId("1234567abcde").subMchid("1900000109")
 *     .repaymentAmount(10_000).minRepaymentAmount(2_000).loanType(LoanType.CONSUMER_LOAN)
 *     .repaymentDate(LocalDate.of(2025, 11, 18))
 *     .build();
 * item.validate(LocalDate.now(ZoneId.of("Asia/Shanghai")));
 * }</pre>
 */
public final class ScheduleItem {
    /** The largest amount of at most 18 decimal digits. */
    static final long MAX_AMOUNT = 999_999_999_999_999_999L;

    private final @Nullable String contractId;
    private final @Nullable String appid;
    private final @Nullable String openid;
    private final @Nullable String outRecordId;
    private final @Nullable String subMchid;
    private final @Nullable String subAppid;
    private final long repaymentAmount;
    private final OptionalLong minRepaymentAmount;
    private final @Nullable LocalDate repaymentDate;
    private final @Nullable String description;
    private final @Nullable String attach;
    private final @Nullable LoanType loanType;

    private ScheduleItem(Builder b) {
        this.contractId = b.contractId;
        this.appid = b.appid;
        this.openid = b.openid;
        this.outRecordId = b.outRecordId;
        this.subMchid = b.subMchid;
        this.subAppid = b.subAppid;
        this.repaymentAmount = b.repaymentAmount;
        this.minRepaymentAmount = b.minRepaymentAmount;
        this.repaymentDate = b.repaymentDate;
        this.description = b.description;
        this.attach = b.attach;
        this.loanType = b.loanType;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this item's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@code contract_id}: the repayment contract; {@code null} only if never set. */
    public @Nullable String contractId() {
        return contractId;
    }

    /** {@code appid}: the partner's AppID; {@code null} only if never set. */
    public @Nullable String appid() {
        return appid;
    }

    /** {@code openid}: the user under {@link #appid()}; {@code null} only if never set. */
    public @Nullable String openid() {
        return openid;
    }

    /** {@code out_record_id}: the merchant's schedule record number; {@code null} only if never set. */
    public @Nullable String outRecordId() {
        return outRecordId;
    }

    /** {@code sub_mchid}: the sub-merchant number; {@code null} only if never set. */
    public @Nullable String subMchid() {
        return subMchid;
    }

    /** {@code sub_appid}: the sub-merchant's AppID, if any. */
    public Optional<String> subAppid() {
        return Optional.ofNullable(subAppid);
    }

    /** {@code repayment_amount} in fen; {@code 0} if never set. */
    public long repaymentAmount() {
        return repaymentAmount;
    }

    /** {@code min_repayment_amount} in fen, if any. */
    public OptionalLong minRepaymentAmount() {
        return minRepaymentAmount;
    }

    /** {@code repayment_date} (Beijing date); {@code null} only if never set. */
    public @Nullable LocalDate repaymentDate() {
        return repaymentDate;
    }

    /** {@code description}, if any. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** {@code attach}, if any. */
    public Optional<String> attach() {
        return Optional.ofNullable(attach);
    }

    /** The contract's plan kind, if known; decides the {@code min_repayment_amount} rule. Never sent. */
    public Optional<LoanType> loanType() {
        return Optional.ofNullable(loanType);
    }

    /**
     * Checks every constraint of the schedule-repayment API, fields in wire order, and throws a
     * {@link ValidationException} naming the first broken one. Positions in rules are 0-based {@code char}
     * indexes; every string must be non-empty, free of control characters and of 4-byte UTF-8 characters.
     *
     * @param today the booking day, a Beijing date: {@code LocalDate.now(ZoneId.of("Asia/Shanghai"))}
     */
    public void validate(LocalDate today) {
        ScheduleItemRules.check(this, today);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o == this || o instanceof ScheduleItem other
                && Objects.equals(contractId, other.contractId) && Objects.equals(appid, other.appid)
                && Objects.equals(openid, other.openid) && Objects.equals(outRecordId, other.outRecordId)
                && Objects.equals(subMchid, other.subMchid) && Objects.equals(subAppid, other.subAppid)
                && repaymentAmount == other.repaymentAmount && minRepaymentAmount.equals(other.minRepaymentAmount)
                && Objects.equals(repaymentDate, other.repaymentDate)
                && Objects.equals(description, other.description) && Objects.equals(attach, other.attach)
                && loanType == other.loanType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(contractId, appid, openid, outRecordId, subMchid, subAppid, repaymentAmount,
                minRepaymentAmount, repaymentDate, description, attach, loanType);
    }

    /** Ids, amounts and date in full; absent optionals left out; description and attach cut at 40 chars. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ScheduleItem[contractId=").append(contractId)
                .append(", appid=").append(appid).append(", openid=").append(openid)
                .append(", outRecordId=").append(outRecordId).append(", subMchid=").append(subMchid);
        if (subAppid != null) {
            s.append(", subAppid=").append(subAppid);
        }
        s.append(", repaymentAmount=").append(repaymentAmount);
        minRepaymentAmount.ifPresent(min -> s.append(", minRepaymentAmount=").append(min));
        s.append(", repaymentDate=").append(repaymentDate);
        if (loanType != null) {
            s.append(", loanType=").append(loanType);
        }
        if (description != null) {
            s.append(", description=").append(Excerpt.of(description));
        }
        if (attach != null) {
            s.append(", attach=").append(Excerpt.of(attach));
        }
        return s.append(']').toString();
    }

    /**
     * Collects the values of a {@link ScheduleItem}. Every setter accepts {@code null} (for optionals: absent)
     * and nothing is checked until {@link ScheduleItem#validate(LocalDate)}. Mutable, not thread-safe.
     */
    public static final class Builder {
        private @Nullable String contractId;
        private @Nullable String appid;
        private @Nullable String openid;
        private @Nullable String outRecordId;
        private @Nullable String subMchid;
        private @Nullable String subAppid;
        private long repaymentAmount;
        private OptionalLong minRepaymentAmount = OptionalLong.empty();
        private @Nullable LocalDate repaymentDate;
        private @Nullable String description;
        private @Nullable String attach;
        private @Nullable LoanType loanType;

        private Builder() {
        }

        private Builder(ScheduleItem item) {
            contractId = item.contractId;
            appid = item.appid;
            openid = item.openid;
            outRecordId = item.outRecordId;
            subMchid = item.subMchid;
            subAppid = item.subAppid;
            repaymentAmount = item.repaymentAmount;
            minRepaymentAmount = item.minRepaymentAmount;
            repaymentDate = item.repaymentDate;
            description = item.description;
            attach = item.attach;
            loanType = item.loanType;
        }

        /** {@code contract_id}, required, at most 64 characters. */
        public Builder contractId(@Nullable String contractId) {
            this.contractId = contractId;
            return this;
        }

        /** {@code appid}, required, at most 32 characters. */
        public Builder appid(@Nullable String appid) {
            this.appid = appid;
            return this;
        }

        /** {@code openid}, required, at most 128 characters. */
        public Builder openid(@Nullable String openid) {
            this.openid = openid;
            return this;
        }

        /** {@code out_record_id}, required, 1 to 32 of {@code [0-9A-Za-z]}, unique per merchant. */
        public Builder outRecordId(@Nullable String outRecordId) {
            this.outRecordId = outRecordId;
            return this;
        }

        /** {@code sub_mchid}, required, at most 32 characters. */
        public Builder subMchid(@Nullable String subMchid) {
            this.subMchid = subMchid;
            return this;
        }

        /** {@code sub_appid}, optional ({@code null}: absent), at most 32 characters. */
        public Builder subAppid(@Nullable String subAppid) {
            this.subAppid = subAppid;
            return this;
        }

        /** {@code repayment_amount} in fen, greater than 0, at most 18 digits. */
        public Builder repaymentAmount(long repaymentAmount) {
            this.repaymentAmount = repaymentAmount;
            return this;
        }

        /** {@code min_repayment_amount} in fen; see {@link LoanType} for the rule. */
        public Builder minRepaymentAmount(long minRepaymentAmount) {
            this.minRepaymentAmount = OptionalLong.of(minRepaymentAmount);
            return this;
        }

        /** {@code min_repayment_amount} in fen, or {@link OptionalLong#empty()} to leave it out. */
        public Builder minRepaymentAmount(OptionalLong minRepaymentAmount) {
            this.minRepaymentAmount = Objects.requireNonNull(minRepaymentAmount, "minRepaymentAmount");
            return this;
        }

        /** {@code repayment_date}, required, booking day + 1 to + 14 (Beijing dates). */
        public Builder repaymentDate(@Nullable LocalDate repaymentDate) {
            this.repaymentDate = repaymentDate;
            return this;
        }

        /** {@code description}, optional ({@code null}: absent), at most 127 characters. */
        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /** {@code attach}, optional ({@code null}: absent), at most 128 characters. */
        public Builder attach(@Nullable String attach) {
            this.attach = attach;
            return this;
        }

        /** The contract's plan kind ({@code null}: unknown, only the 5% rule applies). Never sent. */
        public Builder loanType(@Nullable LoanType loanType) {
            this.loanType = loanType;
            return this;
        }

        /** The item as collected so far; checks nothing (see {@link ScheduleItem#validate(LocalDate)}). */
        public ScheduleItem build() {
            return new ScheduleItem(this);
        }
    }
}
