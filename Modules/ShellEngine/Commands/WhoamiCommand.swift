import FunnelModel
import StageKit

/// `whoami`: who this session acts as, the name the journal records for each change: the database
/// user on a shared PostgreSQL database, the login name on a SQLite file.
enum WhoamiCommand {
    static let command = EngineCommand(CommandSignature(
        "whoami",
        summary: "Who this session acts as: the name the journal records for its changes.",
        output: .any,
        examples: [Example("whoami", "The name this session's changes are journaled under.")])) { _, context in
        .string(context.interpreter.actor)
    }
}
