import ShellSyntax
import Testing

@Suite struct DisplayWidthTests {
    @Test func countsWideCharactersAsTwoColumns() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("杭州 客户") == 9)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func locatesLinesAndColumnsInCharacters() {
        let source = SourceFile(name: "t", text: "ab\n杭州x\n", firstLine: 10)
        let offset = "ab\n杭州".utf8.count
        #expect(source.location(of: offset) == (11, 3))
        #expect(source.location(of: 0) == (10, 1))
        #expect(source.location(of: 10_000) == (12, 1))
    }
}
