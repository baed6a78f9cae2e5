import FunnelModel
import StageKit

/// `lead dupes`: groups of leads that may be the same (same e-mail, phone or company).
enum LeadDupesCommand {
    static let command = Command(CommandSignature(
        "lead dupes",
        summary: "List groups of possible duplicate leads: the same e-mail, phone or company name.",
        examples: [Example("lead dupes", "Every group of possible duplicates.",
                           setup: "lead add \"Acme Ltd\" --email a@acme.cn; lead add ACME --email A@acme.cn")])) { _, context in
        .table(Table(columns: ["leads", "count", "reason", "key"], rows: try DuplicateFinder.groups(in: context.database)))
    }
}
