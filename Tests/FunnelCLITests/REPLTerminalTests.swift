import Foundation
import Testing

/// The REPL at a real terminal: a pseudo-terminal driven by Tests/FunnelCLITests/pty/repl_session.py,
/// which types keys (Tab, Backspace over Chinese text, Ctrl-C, Ctrl-D, Up, Ctrl-R, multi-line entries)
/// and reads the screen.
@Suite struct REPLTerminalTests {
    @Test func historyCompletionChineseInputCtrlCAndCtrlDWorkAtATerminal() throws {
        let funnel = FunnelProcess()
        let script = FunnelProcess.repositoryRoot.appendingPathComponent("Tests/FunnelCLITests/pty/repl_session.py").path
        let result = try FunnelProcess.runTool("/usr/bin/env", ["python3", script, FunnelProcess.binary, funnel.directory.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("all REPL checks passed"))
    }

    /// At a terminal of 14 by 60: tables fit the width, long results go through the pager, and Tab
    /// completes columns after `where`, stage slots and implementations, and files after `lead import`.
    @Test func tablesFitTheTerminalLongResultsArePagedAndTabCompletesColumnsStagesAndFiles() throws {
        let funnel = FunnelProcess()
        let script = FunnelProcess.repositoryRoot.appendingPathComponent("Tests/FunnelCLITests/pty/terminal_tables.py").path
        let result = try FunnelProcess.runTool("/usr/bin/env", ["python3", script, FunnelProcess.binary, funnel.directory.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("all terminal table checks passed"))
    }

    /// Ctrl-C during a plugin call that never answers; a session holding `transaction begin` while
    /// other processes read and write the same database.
    @Test func ctrlCEndsAPluginCallAndAHeldTransactionMakesOthersWait() throws {
        let funnel = FunnelProcess()
        let script = FunnelProcess.repositoryRoot.appendingPathComponent("Tests/FunnelCLITests/pty/held_session.py").path
        let result = try FunnelProcess.runTool("/usr/bin/env", ["python3", script, FunnelProcess.binary, funnel.directory.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("all held-session checks passed"))
    }
}
