#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `break` unwinding to the nearest loop.
struct BreakSignal: Error {}
/// `continue` unwinding to the nearest loop.
struct ContinueSignal: Error {}
/// `return VALUE` unwinding to the nearest `def` or closure call.
struct ReturnSignal: Error { let value: Value }
/// `exit N`: ends the script or session with that status.
public struct ExitRequest: Error { public let code: Int32 }
