import FunnelModel
import StageKit

/// `user add NAME --role member|manager`: a member of the team on a shared PostgreSQL database, as a
/// database role that may log in, in the team role that says what it sees (row-level security: a
/// member their own leads and deals and unowned leads, a manager everything). Run by the
/// administrator (the user who made the database). The password is set outside Funnel (psql's
/// `\password NAME`, or the server's own authentication), never typed into a script.
enum UserAddCommand {
    static let roles = ["member", "manager"]

    static let command = EngineCommand(CommandSignature(
        "user add",
        summary: "Add a team member who may log in to the shared PostgreSQL database, as a member or a manager.",
        positionals: [Positional("name", .string, "The database user name: lower-case letters, digits and _.")],
        flags: [Flag("role", .choice(roles), "What they see: member (their own leads and deals) or manager (everything).", default: .string("member"))],
        output: .nothing, impact: .low,
        examples: [Example("user add ann --role member --dry-run", "Check the command (a SQLite file has one user: adding runs on PostgreSQL).")])) { invocation, call in
        let context = try call.stageContext()
        let name = invocation.string("name") ?? ""
        guard let first = name.unicodeScalars.first, first.properties.isLowercase || first == "_",
              name.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isLowercase || ("0"..."9").contains($0))) || $0 == "_" }),
              name.utf8.count <= 63 else {
            throw CommandError("\"\(name)\" is not a user name: lower-case ASCII letters, digits and _, starting with a letter", argument: "name")
        }
        let role = invocation.string("role") ?? "member"
        if invocation.isDryRun {
            context.output.line("would add user \(name) (\(role))")
            return .null
        }
        guard context.database.dialect == .postgresql else {
            throw CommandError("users are for a shared PostgreSQL database (funnel --db postgres://…): a SQLite file has one user, \(call.interpreter.actor)")
        }
        do {
            try context.database.execute("CREATE ROLE \"\(name)\" LOGIN IN ROLE funnel_\(role)")
        } catch let failure as DatabaseFailure {
            if failure.message.contains("already exists") { throw CommandError("user \(name) already exists", argument: "name") }
            if failure.message.contains("permission denied") {
                throw CommandError("only the database's administrator may add users (\(call.interpreter.actor) may not)")
            }
            throw failure
        }
        try context.journal("user.added", about: "user.\(name)", details: Record([("role", .string(role))]))
        context.output.line("user \(name) added (\(role)); set a password with psql's \\password \(name), or let the server's authentication admit them")
        return .null
    }
}
