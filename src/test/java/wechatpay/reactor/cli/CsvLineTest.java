package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class CsvLineTest {
    @Test
    void splitsOnCommasAndTrimsUnquotedFields() {
        assertThat(CsvLine.split("a, b ,c")).containsExactly("a", "b", "c");
        assertThat(CsvLine.split(" inner space kept ")).containsExactly("inner space kept");
    }

    @Test
    void emptyFieldsAreKept() {
        assertThat(CsvLine.split("")).containsExactly("");
        assertThat(CsvLine.split("a,")).containsExactly("a", "");
        assertThat(CsvLine.split(",,")).containsExactly("", "", "");
        assertThat(CsvLine.split("a,\"\",b")).containsExactly("a", "", "b");
    }

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndSpaces() {
        assertThat(CsvLine.split("\"a,b\",\"say \"\"hi\"\"\",\"  padded  \""))
                .containsExactly("a,b", "say \"hi\"", "  padded  ");
        assertThat(CsvLine.split("\"\"\"\"")).containsExactly("\"");
    }

    @Test
    void whitespaceAroundQuotesIsDropped() {
        assertThat(CsvLine.split("  \"a,b\"  , c")).containsExactly("a,b", "c");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsMalformed() {
        assertThatIllegalArgumentException().isThrownBy(() -> CsvLine.split("x,5\" disk,y"))
                .withMessageStartingWith("unexpected quote at column 4 inside an unquoted field");
        assertThat(CsvLine.split("\"5\"\" disk\",y")).containsExactly("5\" disk", "y");
    }

    @Test
    void unterminatedQuoteIsMalformed() {
        assertThatIllegalArgumentException().isThrownBy(() -> CsvLine.split("a,\"b,c"))
                .withMessage("unterminated quoted field (the quote at column 3 is never closed)");
        assertThatIllegalArgumentException().isThrownBy(() -> CsvLine.split("\"ab\"\""))
                .withMessageStartingWith("unterminated quoted field");
    }

    @Test
    void textAfterClosingQuoteIsMalformed() {
        assertThatIllegalArgumentException().isThrownBy(() -> CsvLine.split("\"ab\"c,d"))
                .withMessageStartingWith("unexpected text after the closing quote at column 5");
    }
}
