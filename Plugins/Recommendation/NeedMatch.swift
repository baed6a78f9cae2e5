/// Whether a need a product addresses (`erp integration`) matches a need recorded on a deal
/// (`ERP-integration with SAP`): every word of the shorter appears among the words of the longer.
/// Words are compared whole, so `it` does not match `integration`; `reports` matches `reporting`.
/// Text without word breaks (Chinese: `报表`) is matched as a part of the other (`需要报表功能`), and Latin
/// words inside it count as words (`ERP` in `需要ERP系统`).
enum NeedMatch {
    static func matches(_ term: String, _ need: String) -> Bool {
        let termWords = words(term), needWords = words(need)
        guard !termWords.isEmpty, !needWords.isEmpty else { return false }
        let (shorter, longer) = termWords.count <= needWords.count ? (termWords, needWords) : (needWords, termWords)
        return shorter.allSatisfy { word in
            word.unicodeScalars.contains { !$0.isASCII }
                ? longer.contains { $0.contains(word) || word.contains($0) }
                : longer.contains(word)
        }
    }

    /// Lower-cased runs of letters and digits, each reduced to a simple stem: without a plural `s`
    /// (`integrations` → `integration`) or an `-ing` or `-ed` (`reporting`, `reported` → `report`).
    static func words(_ text: String) -> [String] {
        // Words end at anything but a letter or digit, and where Latin meets other scripts: `需要ERP系统`
        // is 需要, erp, 系统.
        var words: [String] = [], word = "", wordIsASCII = true
        for character in text.lowercased() {
            guard character.isLetter || character.isNumber else {
                if !word.isEmpty { words.append(word); word = "" }
                continue
            }
            if !word.isEmpty, character.isASCII != wordIsASCII { words.append(word); word = "" }
            if word.isEmpty { wordIsASCII = character.isASCII }
            word.append(character)
        }
        if !word.isEmpty { words.append(word) }
        return words.map(stem)
    }

    static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed"] where word.hasSuffix(suffix) && word.count - suffix.count >= 4 {
            return String(word.dropLast(suffix.count))
        }
        return word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
    }
}
