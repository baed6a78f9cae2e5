#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The shell's own commands, which belong to no stage, in the order `help` lists them.
enum EngineCommands {
    static func all(table: CommandTable) -> [EngineCommand] {
        [
            HelpCommand.make(table: table), PrintCommand.command, NowCommand.command,
            ErrorMakeCommand.command, ExitCommand.command,
            WhereCommand.command, EachCommand.command, SelectCommand.command, RejectCommand.command,
            SortByCommand.command, GroupByCommand.command, AggregateCommand.command, JoinCommand.command, FirstCommand.command, LastCommand.command,
            SkipCommand.command, UniqCommand.command, CountCommand.command, LengthCommand.command,
            GetCommand.command, UpdateCommand.command, InsertCommand.command,
            AppendCommand.command, MergeCommand.command, DefaultCommand.command, ReduceCommand.command,
            DoCommand.command, IgnoreCommand.command, DescribeCommand.command,
            StrSplitCommand.command, StrLengthCommand.command, StrReplaceCommand.command, StrTrimCommand.command,
            StrContainsCommand.command, StrUpcaseCommand.command, StrDowncaseCommand.command, FormatDateCommand.command,
            SumCommand.command, AverageCommand.command, MinimumCommand.command, MaximumCommand.command,
            ToCommand.json, ToCommand.csv, ToCommand.markdown, FromCommand.json, FromCommand.csv,
            SaveCommand.command, OpenCommand.command,
            StageListCommand.make(registry: table.registry), StageUseCommand.make(registry: table.registry),
            StageDiagramCommand.make(registry: table.registry),
            DealAdvanceCommand.make(registry: table.registry), ReviewReplayCommand.make(registry: table.registry),
            ConfigSetCommand.make(registry: table.registry), ConfigUnsetCommand.command, ConfigListCommand.make(registry: table.registry),
            ConfigLoadCommand.make(registry: table.registry), JournalListCommand.command,
            HistoryCommand.command, SessionSaveCommand.command, ExplainCommand.command, WhoamiCommand.command,
            UserAddCommand.command, UserListCommand.command,
        ] + TransactionCommands.all
    }
}
