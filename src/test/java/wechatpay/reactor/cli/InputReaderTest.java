package wechatpay.reactor.cli;

import wechatpay.reactor.internal.Excerpt;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import wechatpay.reactor.cli.InputReader.Format;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;

class InputReaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HEADER = "contract_id,appid,openid,out_record_id,sub_mchid,sub_appid,repayment_amount,"
            + "min_repayment_amount,repayment_date,description,attach,loan_type";
    private static final LocalDate DATE = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, UTF_8);
    }

    private static List<Parsed<ScheduleItem>> readAll(Path file, Format format) {
        return InputReader.read(file, format, InputFields.SCHEDULE).collectList().block(TIMEOUT);
    }

    /** The item that {@code row(outRecordId)} describes. */
    private static ScheduleItem.Builder base(String outRecordId) {
        return ScheduleItem.builder().contractId("c1").appid("wx1").openid("o1").outRecordId(outRecordId)
                .subMchid("1900000109").repaymentAmount(10_000).minRepaymentAmount(2_000).repaymentDate(DATE);
    }

    private static String row(String outRecordId, String amount, String min, String date) {
        return "c1,wx1,o1," + outRecordId + ",1900000109,," + amount + "," + min + "," + date + ",,,";
    }

    private static String row(String outRecordId) {
        return row(outRecordId, "10000", "2000", "2026-12-01");
    }

    private static String error(Parsed<ScheduleItem> p) {
        assertThat(p.item()).as("item of line %d", p.line()).isNull();
        return p.error();
    }

    private static ScheduleItem item(Parsed<ScheduleItem> p) {
        assertThat(p.error()).as("error of line %d", p.line()).isNull();
        return p.item();
    }

    @Nested
    class Csv {
        @Test
        void everyFieldWithQuotedCommasAndQuotes() throws IOException {
            Path f = file("in.csv", HEADER + "\n"
                    + "c1,wx1,o1,R1,1900000109,wxsub,10000,2000,2026-12-01,"
                    + "\"rent, December \"\"flat 3\"\"\",\" a=1,b=2 \",cash_loan\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(parsed).hasSize(1);
            assertThat(parsed.get(0).line()).isEqualTo(2);
            assertThat(item(parsed.get(0))).isEqualTo(base("R1").subAppid("wxsub")
                    .description("rent, December \"flat 3\"").attach(" a=1,b=2 ").loanType(LoanType.CASH_LOAN).build());
        }

        @Test
        void bomCrlfAndBlankLinesKeepPhysicalLineNumbers() throws IOException {
            Path f = file("in.csv", "\uFEFF\r\n  \r\n" + HEADER + "\r\n\r\n" + row("R1") + "\r\n \t \r\n" + row("R2")
                    + "\r\n\r\n   \r\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(parsed).extracting(Parsed::line).containsExactly(5L, 7L);
            assertThat(parsed).extracting(InputReaderTest::item)
                    .containsExactly(base("R1").build(), base("R2").build());
            assertThat(InputReader.count(f, Format.CSV)).isEqualTo(2);
        }

        @Test
        void bomOnTheHeaderLine() throws IOException {
            Path f = file("in.csv", "\uFEFF" + HEADER + "\n" + row("R1") + "\n");
            assertThat(readAll(f, Format.CSV)).extracting(InputReaderTest::item).containsExactly(base("R1").build());
        }

        @Test
        void headerNamesAreTrimmedUnknownColumnsIgnoredOptionalColumnsMayBeMissing() throws IOException {
            Path f = file("in.csv", " contract_id , appid,note,\"openid \",out_record_id,sub_mchid,repayment_amount,"
                    + "repayment_date\n"
                    + "c1,wx1,anything at all,o1,R1,1900000109,10000,2026-12-01\n");
            assertThat(item(readAll(f, Format.CSV).get(0)))
                    .isEqualTo(base("R1").minRepaymentAmount(OptionalLong.empty()).build());
        }

        @Test
        void emptyOptionalFieldsAreAbsent() throws IOException {
            Path f = file("in.csv", HEADER + "\n" + "c1,wx1,o1,R1,1900000109, ,10000,,2026-12-01,\"\",,\n");
            ScheduleItem item = item(readAll(f, Format.CSV).get(0));
            assertThat(item.subAppid()).isEmpty();
            assertThat(item.minRepaymentAmount()).isEmpty();
            assertThat(item.description()).isEmpty();
            assertThat(item.attach()).isEmpty();
            assertThat(item.loanType()).isEmpty();
        }

        @Test
        void fewerFieldsMeanEmptyTrailingFieldsMoreFieldsAreBad() throws IOException {
            Path f = file("in.csv", HEADER + "\n"
                    + "c1,wx1,o1,R1,1900000109,,10000,2000,2026-12-01\n"
                    + row("R2") + ",extra\n"
                    + "c1,wx1,o1,R3,1900000109\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(item(parsed.get(0))).isEqualTo(base("R1").build());
            assertThat(error(parsed.get(1))).isEqualTo("too many fields: 13, the header has 12 columns");
            assertThat(error(parsed.get(2))).isEqualTo("repayment_amount: required");
        }

        @Test
        void anUnterminatedQuoteSpoilsOnlyItsLine() throws IOException {
            Path f = file("in.csv", HEADER + "\n"
                    + "c1,wx1,o1,R1,1900000109,,10000,2000,2026-12-01,\"starts here\n"
                    + "and ends here\",,,\n"
                    + row("R2") + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(parsed).extracting(Parsed::line).containsExactly(2L, 3L, 4L);
            assertThat(error(parsed.get(0))).startsWith("unterminated quoted field");
            assertThat(error(parsed.get(1))).startsWith("unexpected quote at column 14 inside an unquoted field");
            assertThat(item(parsed.get(2))).isEqualTo(base("R2").build());
        }

        @Test
        void amountsMustBeWholeNumbersOfFen() throws IOException {
            Path f = file("in.csv", HEADER + "\n"
                    + row("R1", "abc", "2000", "2026-12-01") + "\n"
                    + row("R2", "-100", "2000", "2026-12-01") + "\n"
                    + row("R3", "12.50", "2000", "2026-12-01") + "\n"
                    + row("R4", "99999999999999999999", "2000", "2026-12-01") + "\n"
                    + row("R5", "10000", "1.5", "2026-12-01") + "\n"
                    + row("R6", "\" 10000 \"", "0", "2026-12-01") + "\n"
                    + row("R7", "0012", "2000", "2026-12-01") + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(error(parsed.get(0))).isEqualTo("repayment_amount: expected a whole number of fen, found 'abc'");
            assertThat(error(parsed.get(1)))
                    .isEqualTo("repayment_amount: expected a whole number of fen, found '-100'");
            assertThat(error(parsed.get(2)))
                    .isEqualTo("repayment_amount: expected a whole number of fen, found '12.50'");
            assertThat(error(parsed.get(3))).isEqualTo("repayment_amount: expected a whole number of fen up to "
                    + "9223372036854775807, found '99999999999999999999'");
            assertThat(error(parsed.get(4)))
                    .isEqualTo("min_repayment_amount: expected a whole number of fen, found '1.5'");
            // zero and leading zeros are numbers; refusing 0 is ScheduleItem.validate's business
            assertThat(item(parsed.get(5))).isEqualTo(base("R6").minRepaymentAmount(0).build());
            assertThat(item(parsed.get(6)).repaymentAmount()).isEqualTo(12);
        }

        @Test
        void datesMustBeIsoCalendarDates() throws IOException {
            Path f = file("in.csv", HEADER + "\n"
                    + row("R1", "10000", "2000", "2026/12/01") + "\n"
                    + row("R2", "10000", "2000", "2026-02-30") + "\n"
                    + row("R3", "10000", "2000", "2026-1-5") + "\n"
                    + row("R4", "10000", "2000", "1999-01-01") + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(error(parsed.get(0))).isEqualTo("repayment_date: expected yyyy-MM-dd, found '2026/12/01'");
            assertThat(error(parsed.get(1)))
                    .isEqualTo("repayment_date: expected yyyy-MM-dd, found '2026-02-30' (no such date)");
            assertThat(error(parsed.get(2))).isEqualTo("repayment_date: expected yyyy-MM-dd, found '2026-1-5'");
            // out of the booking window, but that is for validate() to say
            assertThat(item(parsed.get(3)).repaymentDate()).isEqualTo(LocalDate.of(1999, 1, 1));
        }

        @Test
        void loanTypeIsCaseInsensitive() throws IOException {
            Path f = file("in.csv", HEADER + "\n" + row("R1") + "Consumer_Loan\n" + row("R2") + "mortgage\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(item(parsed.get(0)).loanType()).contains(LoanType.CONSUMER_LOAN);
            assertThat(error(parsed.get(1)))
                    .isEqualTo("loan_type: expected CONSUMER_LOAN or CASH_LOAN, found 'mortgage'");
        }

        @Test
        void missingRequiredFieldsAreNamed() throws IOException {
            Path f = file("in.csv", HEADER + "\n" + row("") + "\n" + row("R2", "10000", "2000", "") + "\n"
                    + ",,,,,,,,,,,\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(error(parsed.get(0))).isEqualTo("out_record_id: required");
            assertThat(error(parsed.get(1))).isEqualTo("repayment_date: required");
            assertThat(error(parsed.get(2))).isEqualTo("contract_id: required");
        }

        @Test
        void businessRulesAreLeftToValidate() throws IOException {
            Path f = file("in.csv", HEADER + "\n" + row("has-dash", "10000", "1", "2026-12-01") + "\n");
            assertThat(item(readAll(f, Format.CSV).get(0))).isEqualTo(base("has-dash").minRepaymentAmount(1).build());
        }

        @Test
        void messagesEchoAtMostOneExcerptOfInput() throws IOException {
            String longAmount = "9".repeat(Excerpt.MAX - 1) + "x" + "y".repeat(200);
            Path f = file("in.csv", HEADER + "\n" + row("R1", longAmount, "2000", "2026-12-01") + "\n"
                    + row("R2", "1\u001b[31m", "2000", "2026-12-01") + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.CSV);
            assertThat(error(parsed.get(0))).isEqualTo("repayment_amount: expected a whole number of fen, found '"
                    + "9".repeat(Excerpt.MAX - 1) + "x…'");
            assertThat(error(parsed.get(1)))
                    .isEqualTo("repayment_amount: expected a whole number of fen, found '1?[31m'");
        }

        @Test
        void aMissingRequiredHeaderColumnEndsTheStream() throws IOException {
            Path f = file("in.csv", HEADER.replace(",repayment_date", "") + "\n" + row("R1") + "\n");
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                            .hasMessage("input: the CSV header lacks the column repayment_date"))
                    .verify(TIMEOUT);
            Path g = file("in2.csv", "contract_id,appid,openid,out_record_id,repayment_amount\n");
            StepVerifier.create(InputReader.read(g, Format.CSV, InputFields.SCHEDULE))
                    .expectErrorMessage("input: the CSV header lacks the columns sub_mchid, repayment_date")
                    .verify(TIMEOUT);
        }

        @Test
        void aDuplicateOrMalformedHeaderEndsTheStream() throws IOException {
            Path f = file("in.csv", HEADER + ", appid\n" + row("R1") + "\n");
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE))
                    .expectErrorMessage("input: the CSV header has the column appid twice (columns 2 and 13)")
                    .verify(TIMEOUT);
            Path g = file("in2.csv", "\n\"contract_id,appid\n");
            StepVerifier.create(InputReader.read(g, Format.CSV, InputFields.SCHEDULE))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("input: the CSV header (line 2) is malformed: unterminated"))
                    .verify(TIMEOUT);
        }

        @Test
        void emptyAndHeaderOnlyFilesHaveNoRecords() throws IOException {
            Path empty = file("empty.csv", "");
            Path blank = file("blank.csv", "\uFEFF\n \n");
            Path headerOnly = file("header.csv", HEADER + "\r\n");
            for (Path f : List.of(empty, blank, headerOnly)) {
                StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE)).expectComplete().verify(TIMEOUT);
                assertThat(InputReader.count(f, Format.CSV)).isZero();
            }
        }
    }

    @Nested
    class Jsonl {
        private static final String REST = "\"contract_id\":\"c1\",\"appid\":\"wx1\",\"openid\":\"o1\","
                + "\"sub_mchid\":\"1900000109\",\"repayment_date\":\"2026-12-01\"";

        private String line(String outRecordId, String more) {
            return "{" + REST + ",\"out_record_id\":\"" + outRecordId + "\"" + more + "}";
        }

        @Test
        void amountsAsStringsOrIntegers() throws IOException {
            Path f = file("in.jsonl", line("R1", ",\"repayment_amount\":\"10000\",\"min_repayment_amount\":2000") + "\n"
                    + line("R2", ",\"repayment_amount\":10000,\"min_repayment_amount\":\" 2000 \"") + "\n");
            assertThat(readAll(f, Format.JSONL)).extracting(InputReaderTest::item)
                    .containsExactly(base("R1").build(), base("R2").build());
        }

        @Test
        void nullIsAbsentAndUnknownFieldsAreIgnored() throws IOException {
            Path f = file("in.jsonl", line("R1", ",\"repayment_amount\":10000,\"min_repayment_amount\":null,"
                    + "\"sub_appid\":null,\"description\":null,"
                    + "\"extra\":{\"x\":[1,2]},\"loan_type\":\"CASH_LOAN\"") + "\n"
                    + line("R2", ",\"repayment_amount\":10000,\"openid\":null").replace("\"openid\":\"o1\",", "")
                    + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.JSONL);
            assertThat(item(parsed.get(0))).isEqualTo(base("R1").minRepaymentAmount(OptionalLong.empty())
                    .loanType(LoanType.CASH_LOAN).build());
            assertThat(error(parsed.get(1))).isEqualTo("openid: required");
        }

        @Test
        void emptyStringsAreKeptForValidateToJudge() throws IOException {
            Path f = file("in.jsonl", line("R1", ",\"repayment_amount\":10000,\"min_repayment_amount\":2000,"
                    + "\"description\":\"\"") + "\n");
            assertThat(item(readAll(f, Format.JSONL).get(0)).description()).contains("");
        }

        @Test
        void wrongTypesAreBadLinesNamingTheField() throws IOException {
            Path f = file("in.jsonl", String.join("\n",
                    line("R1", ",\"repayment_amount\":10000").replace("\"1900000109\"", "1900000109"),
                    line("R2", ",\"repayment_amount\":true"),
                    line("R3", ",\"repayment_amount\":12.5"),
                    line("R4", ",\"repayment_amount\":-3"),
                    line("R5", ",\"repayment_amount\":10000,\"description\":{\"a\":1}"),
                    line("R6", ",\"repayment_amount\":[10000]"),
                    line("R7", ",\"repayment_amount\":123456789012345678901234567890"),
                    line("R8", ",\"repayment_amount\":10000").replace("\"2026-12-01\"", "20261201")) + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.JSONL);
            assertThat(parsed).extracting(InputReaderTest::error).containsExactly(
                    "sub_mchid: expected a JSON string, found the number 1900000109",
                    "repayment_amount: expected a JSON string or integer, found the boolean true",
                    "repayment_amount: expected a whole number of fen, found '12.5'",
                    "repayment_amount: expected a whole number of fen, found '-3'",
                    "description: expected a JSON string, found an object",
                    "repayment_amount: expected a JSON string or integer, found an array",
                    "repayment_amount: expected a whole number of fen up to 9223372036854775807, found "
                            + "'123456789012345678901234567890'",
                    "repayment_date: expected a JSON string, found the number 20261201");
        }

        @Test
        void linesThatAreNotObjectsAreBadAndReadingGoesOn() throws IOException {
            String longArray = "[" + "1,".repeat(Excerpt.MAX) + "1]";
            Path f = file("in.jsonl", String.join("\n",
                    "[1,2]",
                    "42",
                    "\"text\"",
                    "null",
                    longArray,
                    "{\"contract_id\":\"c1\",\"app",
                    "{\"a\":1} {\"b\":2}",
                    "{\"a\":1,\"a\":2}",
                    "contract_id,appid",
                    line("R1", ",\"repayment_amount\":10000,\"min_repayment_amount\":2000")) + "\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.JSONL);
            assertThat(parsed).hasSize(10);
            assertThat(error(parsed.get(0))).isEqualTo("not a JSON object: [1,2]");
            assertThat(error(parsed.get(1))).isEqualTo("not a JSON object: 42");
            assertThat(error(parsed.get(2))).isEqualTo("not a JSON object: \"text\"");
            assertThat(error(parsed.get(3))).isEqualTo("not a JSON object: null");
            assertThat(error(parsed.get(4))).isEqualTo("not a JSON object: " + longArray.substring(0, Excerpt.MAX) + "…");
            assertThat(error(parsed.get(5)))
                    .matches("not a JSON object \\(invalid JSON at column \\d+\\): \\{\"contract_id\":\"c1\",\"app");
            for (int i = 6; i < 9; i++) {
                assertThat(error(parsed.get(i))).startsWith("not a JSON object (invalid JSON");
            }
            assertThat(item(parsed.get(9))).isEqualTo(base("R1").build());
            assertThat(parsed).extracting(Parsed::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }

        @Test
        void bomCrlfAndBlankLines() throws IOException {
            String ok = line("R1", ",\"repayment_amount\":\"10000\",\"min_repayment_amount\":\"2000\"");
            Path f = file("in.jsonl", "\uFEFF" + ok + "\r\n\r\n  \r\n" + ok.replace("R1", "R2") + "\r\n\r\n");
            List<Parsed<ScheduleItem>> parsed = readAll(f, Format.JSONL);
            assertThat(parsed).extracting(Parsed::line).containsExactly(1L, 4L);
            assertThat(parsed).extracting(InputReaderTest::item)
                    .containsExactly(base("R1").build(), base("R2").build());
            assertThat(InputReader.count(f, Format.JSONL)).isEqualTo(2);
        }
    }

    @Nested
    class Formats {
        @Test
        void byExtension() throws IOException {
            assertThat(Format.of(file("a.csv", "{}"))).isEqualTo(Format.CSV);
            assertThat(Format.of(file("b.CSV", "{}"))).isEqualTo(Format.CSV);
            assertThat(Format.of(file("c.jsonl", "contract_id"))).isEqualTo(Format.JSONL);
            assertThat(Format.of(file("d.ndjson", ""))).isEqualTo(Format.JSONL);
            assertThat(Format.of(file("e.Json", ""))).isEqualTo(Format.JSONL);
        }

        @Test
        void bySniffing() throws IOException {
            assertThat(Format.of(file("a.txt", "\uFEFF \r\n\t {\"contract_id\":\"c1\"}\n"))).isEqualTo(Format.JSONL);
            assertThat(Format.of(file("b", "{}"))).isEqualTo(Format.JSONL);
            assertThat(Format.of(file("c.txt", "\uFEFF" + HEADER + "\n"))).isEqualTo(Format.CSV);
            assertThat(Format.of(file("d.dat", ""))).isEqualTo(Format.CSV);
            assertThat(Format.of(file("e.json.bak", "[{}]"))).isEqualTo(Format.CSV);
        }
    }

    @Nested
    class Streaming {
        private static final int LINES = 200_000;

        private Path big(String name) throws IOException {
            Path f = dir.resolve(name);
            try (Writer w = Files.newBufferedWriter(f, UTF_8)) {
                w.write(HEADER + "\n");
                for (int i = 1; i <= LINES; i++) {
                    w.write(row("R" + i));
                    w.write('\n');
                }
            }
            return f;
        }

        @Test
        void takeReadsOnlyTheStartAndClosesTheFile() throws IOException {
            Path f = big("big.csv");
            // Bytes that are not UTF-8 at the very end: reading the whole file would fail.
            Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xFE, '\n'}, StandardOpenOption.APPEND);
            long start = System.nanoTime();
            List<Parsed<ScheduleItem>> first = InputReader.read(f, Format.CSV, InputFields.SCHEDULE).take(3).collectList().block(TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(first).extracting(Parsed::line).containsExactly(2L, 3L, 4L);
            assertClosed(f);
            // a second read works, and reading to the end meets the bad bytes as an I/O error
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE).take(1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE))
                    .thenConsumeWhile(p -> true)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IOException.class)
                            .hasMessageStartingWith("input: not valid UTF-8 after line "))
                    .verify(Duration.ofSeconds(60));
            assertClosed(f);
            Files.delete(f);
        }

        @Test
        void readsAsDemandComesAndClosesOnCancel() throws IOException {
            Path f = big("big.csv");
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE), 0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(50))
                    .thenRequest(1)
                    .assertNext(p -> assertThat(p.line()).isEqualTo(2))
                    .thenRequest(2)
                    .expectNextCount(2)
                    .expectNoEvent(Duration.ofMillis(50))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertClosed(f);
            Files.delete(f);
        }

        @Test
        void closesOnCompleteAndOnError() throws IOException {
            Path ok = file("ok.csv", HEADER + "\n" + row("R1") + "\n");
            StepVerifier.create(InputReader.read(ok, Format.CSV, InputFields.SCHEDULE)).expectNextCount(1).expectComplete().verify(TIMEOUT);
            assertClosed(ok);
            Path bad = file("bad.csv", "contract_id\n" + row("R1") + "\n");
            StepVerifier.create(InputReader.read(bad, Format.CSV, InputFields.SCHEDULE)).expectError(IllegalArgumentException.class)
                    .verify(TIMEOUT);
            assertClosed(bad);
        }

        @Test
        void aWholeBigFileThroughAnotherScheduler() throws IOException {
            Path f = big("big.csv");
            Long count = InputReader.read(f, Format.CSV, InputFields.SCHEDULE)
                    .publishOn(Schedulers.parallel(), 8)
                    .filter(p -> p.item() != null)
                    .count()
                    .block(Duration.ofSeconds(60));
            assertThat(count).isEqualTo(LINES);
            assertThat(InputReader.count(f, Format.CSV)).isEqualTo(LINES);
            assertClosed(f);
        }

        /**
         * A FIFO blocks whoever opens or reads it before a writer comes: if the subscribing or requesting thread did
         * the I/O, this test would hang there (BlockHound does not see NIO file reads, so it cannot tell).
         */
        @Test
        void opensAndReadsOffTheSubscribingAndRequestingThread() throws Exception {
            Path fifo = dir.resolve("pipe.csv");
            Process mkfifo;
            try {
                mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            } catch (IOException e) {
                mkfifo = null;
            }
            assumeTrue(mkfifo != null && mkfifo.waitFor() == 0, "needs mkfifo");
            OutputStream[] writer = new OutputStream[1];
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> StepVerifier.create(
                            InputReader.read(fifo, Format.CSV, InputFields.SCHEDULE), 0)
                    .expectSubscription()
                    .thenRequest(1)
                    .expectNoEvent(Duration.ofMillis(100))
                    .then(() -> writer[0] = write(fifo, HEADER + "\n" + row("R1") + "\n"))
                    .assertNext(p -> assertThat(item(p)).isEqualTo(base("R1").build()))
                    .thenRequest(1)
                    .expectNoEvent(Duration.ofMillis(100))
                    .then(() -> append(writer[0], row("R2") + "\n"))
                    .assertNext(p -> assertThat(item(p)).isEqualTo(base("R2").build()))
                    .then(() -> append(writer[0], null))
                    .expectComplete()
                    .verify(Duration.ofSeconds(15)));
        }

        private OutputStream write(Path fifo, String text) {
            try {
                OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE);
                append(out, text);
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes and flushes {@code text}, or closes the stream if it is {@code null}. */
        private void append(OutputStream out, String text) {
            try {
                if (text == null) {
                    out.close();
                } else {
                    out.write(text.getBytes(UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void invalidUtf8IsAnIoError() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes((HEADER + "\n" + row("R1") + "\n").getBytes(UTF_8));
            bytes.writeBytes(new byte[] {'c', (byte) 0xC3, '\n'});
            Path f = Files.write(dir.resolve("bad.csv"), bytes.toByteArray());
            StepVerifier.create(InputReader.read(f, Format.CSV, InputFields.SCHEDULE))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IOException.class)
                            .hasMessage("input: not valid UTF-8"))
                    .verify(TIMEOUT);
            assertClosed(f);
        }

        /** On Linux, no descriptor of this process still points at the file. */
        private void assertClosed(Path file) throws IOException {
            Path fds = Path.of("/proc/self/fd");
            assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
            Path real = file.toRealPath();
            try (Stream<Path> all = Files.list(fds)) {
                assertThat(all.filter(fd -> pointsAt(fd, real))).as("open descriptors of %s", file).isEmpty();
            }
        }

        private boolean pointsAt(Path fd, Path file) {
            try {
                return Files.readSymbolicLink(fd).equals(file);
            } catch (IOException e) {
                return false; // closed meanwhile, or the directory listing itself
            }
        }
    }
}
