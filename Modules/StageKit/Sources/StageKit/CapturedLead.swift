import FunnelModel

/// A lead as any implementation of capture stores it: the hand-off to screening, kept in the core
/// `leads` table. `record(_:in:)` checks its fields by one set of rules (the built-in `lead add`, a web
/// form, a plugin's `lead` hand-off; `lead import` checks phones by `phoneProblem` too), stores it and journals `lead.added`.
public enum CapturedLead {
    /// What is wrong with a lead's fields, as `(field, message)`; empty when it may be stored.
    public static func problems(_ lead: Lead) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if lead.name.trimmingSpaces.isEmpty { problems.append(("name", "a lead needs a name")) }
        if let email = lead.email, !email.contains("@") || email.hasPrefix("@") || email.hasSuffix("@") {
            problems.append(("email", "\"\(email)\" is not an e-mail address"))
        }
        if let phone = lead.phone, let problem = phoneProblem(phone) { problems.append(("phone", problem)) }
        if let budget = lead.budget, budget.minorUnits < 0 { problems.append(("budget", "a budget cannot be negative")) }
        if let need = lead.need, !(0...3).contains(need) { problems.append(("need", "need is 0 to 3, not \(need)")) }
        if let days = lead.timelineDays, !(0...36_500).contains(days) {
            problems.append(("timeline", "timeline is a number of days from 0 to 36500, not \(days)"))
        }
        return problems
    }

    /// Checks the lead (the first problem is thrown, naming its field), stores it with a new id and
    /// journals `lead.added` with its fields and `extra` (computed from the stored lead), as the
    /// context's implementation. Returns the stored lead.
    @discardableResult
    public static func record(_ lead: Lead, in context: StageContext,
                              extra: (Lead) throws -> [(String, Value)] = { _ in [] }) throws -> Lead {
        if let slot = context.stage?.slot, slot != .capture { throw CommandError("a new lead is capture's hand-off; \(slot) cannot record one") }
        if let problem = problems(lead).first { throw CommandError(problem.message, argument: problem.field) }
        let stored = try LeadTable.insert(lead, in: context.database)
        var details = LeadTable.record(of: stored)
        details["id"] = nil
        for (key, value) in try extra(stored) { details[key] = value }
        try context.journal("lead.added", subject: stored.id, details: details)
        return stored
    }

    /// Why a text is not a phone number, or nil: 5 to 20 digits with `+ - ( ) . /` and spaces between
    /// them, and an extension at the end (`x12`, `ext. 12`, `转8`). Full-width digits and signs
    /// (`（021）`, `＋86`) count as their ASCII forms. A million imported rows pass through here.
    public static func phoneProblem(_ text: String) -> String? {
        var digits = 0, extensionDigits = 0, inExtension = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let original = pending {
            pending = scalars.next()
            // Full-width forms (U+FF01...U+FF5E) are their ASCII letters shifted; the ideographic space is a space.
            let value = (0xFF01...0xFF5E).contains(original.value) ? original.value - 0xFEE0 : original.value == 0x3000 ? 0x20 : original.value
            switch value {
            case 0x30...0x39:
                if inExtension { extensionDigits += 1 } else { digits += 1 }
            case 0x20, 0x2B, 0x2D, 0x28, 0x29, 0x2E, 0x2F:
                break
            case 0x8F6C where !inExtension:  // 转, "extension"
                inExtension = true
            case 0x58, 0x78 where !inExtension:  // x
                inExtension = true
            case 0x45, 0x65 where !inExtension:  // e, then x and t
                guard let x = pending, x.value | 0x20 == 0x78, let t = scalars.next(), t.value | 0x20 == 0x74 else {
                    return "\"\(text)\" is not a phone number"
                }
                pending = scalars.next()
                inExtension = true
            default:
                return "\"\(text)\" is not a phone number"
            }
        }
        guard (5...20).contains(digits), !inExtension || extensionDigits > 0 else { return "\"\(text)\" is not a phone number" }
        return nil
    }
}
