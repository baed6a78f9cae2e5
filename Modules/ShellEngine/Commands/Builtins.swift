import StageKit

/// The shell's own commands, which belong to no stage.
enum Builtins {
    static func commands(table: CommandTable) -> [Command] {
        [
            HelpCommand.make(table: table),
            WhereCommand.command,
            SortByCommand.command,
            SelectCommand.command,
            FirstCommand.command,
            CountCommand.command,
            StageListCommand.make(registry: table.registry),
            StageUseCommand.make(registry: table.registry),
            ConfigSetCommand.command,
            ConfigListCommand.command,
            JournalListCommand.command,
        ]
    }

    /// The rows of a command's pipeline input, or an error saying a table was expected.
    static func rows(of input: Value, for command: String) throws -> [Record] {
        if input == .null { return [] }
        guard let rows = input.rows else {
            throw CommandError("\(command) expects a table as input, got \(input.typeName)")
        }
        return rows
    }

    /// The columns of the input, kept in their order.
    static func columns(of input: Value) -> [String] {
        if case .table(let table) = input { return table.columns }
        return Table(rows: input.rows ?? []).columns
    }
}
