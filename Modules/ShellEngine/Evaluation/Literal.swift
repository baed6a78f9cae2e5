import FunnelModel
import ShellSyntax
import StageKit

/// What a bare word means when a command takes any value (`where budget > 50000`): quoted words are
/// text; bare ones are, in order, `null`, a bool, an integer, an amount of money, a date, an id or text.
enum Literal {
    static func value(of word: Word, idKinds: [EntityKind]) -> Value {
        if word.isQuoted { return .string(word.text) }
        let text = word.text
        switch text {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let int = Int64(text) { return .int(int) }
        if text.first?.isNumber == true || text.first == "-" {
            if let money = try? Money.parse(text) { return .money(money) }
            if let date = try? Day.parse(text) { return .date(date) }
        }
        for kind in idKinds {
            if let id = EntityID(parsing: text, as: kind) { return .id(id) }
        }
        return .string(text)
    }
}
