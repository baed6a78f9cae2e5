import StageKit

/// `count`: the number of rows in the input.
enum CountCommand {
    static let command = Command(CommandSignature(
        "count",
        summary: "Count the rows of the input.",
        input: .table, output: .any,
        examples: [Example("lead list | count", "How many leads there are.", setup: "lead add Acme")])) { invocation, _ in
        .int(Int64(try Builtins.rows(of: invocation.input, for: "count").count))
    }
}
