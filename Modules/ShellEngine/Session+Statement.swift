import FunnelModel
import ShellSyntax
import StageKit

extension Session {
    /// Signals the transaction to roll back after a dry run, carrying the result to show.
    private struct DryRunRollback: Error { let value: Value; let format: OutputFormat? }

    /// Binds and runs one pipeline inside one transaction; prints its result unless `print` is false.
    @discardableResult
    func runStatement(_ pipeline: Pipeline, in source: SourceFile, print: Bool = true) throws(ScriptFailure) -> Value {
        let binder = ArgumentBinder(table: table, idKinds: [.lead, .customer, .contact, .deal])
        var calls: [BoundCall] = []
        do throws(Diagnostic) {
            for call in pipeline.commands { calls.append(try binder.bind(call)) }
            for (index, call) in calls.enumerated() {
                try ArgumentBinder.checkRequired(call, hasInput: index > 0)
                if index > 0, call.command.signature.input == .nothing {
                    throw Diagnostic("\(call.command.name) does not take pipeline input", at: call.nameSpan,
                                     hint: "run it on its own, or pass values as arguments")
                }
            }
        } catch {
            throw ScriptFailure(.script, error, in: source)
        }
        let format = calls.compactMap(\.format).last ?? self.format
        let dryRun = calls.contains { $0.invocation.isDryRun }
        cancellation.reset()
        var result: Value = .null
        do {
            result = try store.transaction { database in
                let value = try runCalls(calls, database: database, source: source)
                if dryRun { throw DryRunRollback(value: value, format: nil) }
                return value
            }
        } catch let rollback as DryRunRollback {
            result = rollback.value
        } catch let failure as ScriptFailure {
            throw failure
        } catch let failure as DatabaseFailure {
            let kind: ScriptFailure.Kind = cancellation.isCancelled ? .cancelled : .database
            let message = cancellation.isCancelled ? "cancelled" : failure.message
            throw ScriptFailure(kind, Diagnostic(message, at: pipeline.span), in: source)
        } catch {
            throw ScriptFailure(.script, Diagnostic("\(error)", at: pipeline.span), in: source)
        }
        if print, let text = Renderer.render(result, as: format) { output.line(text) }
        return result
    }

    private func runCalls(_ calls: [BoundCall], database: any SQLDatabase, source: SourceFile) throws -> Value {
        var value: Value = .null
        let cancellation = self.cancellation
        for (index, call) in calls.enumerated() {
            var invocation = call.invocation
            invocation.input = index == 0 ? .null : value
            let context = StageContext(database: database, clock: clock, output: output, actor: actor,
                                       stage: call.stage, isCancelled: { cancellation.isCancelled })
            do {
                value = try call.command.run(invocation, context)
            } catch let error as CommandError {
                if error.message == "cancelled" && cancellation.isCancelled {
                    throw ScriptFailure(.cancelled, Diagnostic("cancelled", at: call.span), in: source)
                }
                let span = error.argument.flatMap { call.argumentSpans[$0] } ?? call.span
                throw ScriptFailure(.script, Diagnostic(error.message, at: span, hint: error.hint), in: source)
            } catch let error as Diagnostic {
                throw ScriptFailure(.script, error, in: source)
            }
            if cancellation.isCancelled {
                throw ScriptFailure(.cancelled, Diagnostic("cancelled", at: call.span), in: source)
            }
        }
        return value
    }
}
