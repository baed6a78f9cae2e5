import Foundation
import FunnelModel
import StageKit



/// The `sign` slot: a contract from an accepted quote — price, delivery date, payment terms, warranty,
/// service level, signatory — that wins the deal; amendments as new versions; cancellation with a reason.
public struct SigningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .sign, implementation: "contracts",
                        summary: "Sign contracts from accepted quotes, amend them as versions, cancel with a reason.",
                        version: "0.1.0", follows: .negotiate)
    }

    public var commands: [Command] {
        [ContractSignCommand.command, ContractShowCommand.command, ContractListCommand.command, ContractAmendCommand.command,
         ContractCancelCommand.command]
    }

    // A deal leaves signing once a contract of it is signed: the slot's gate (`StageSlot.handOffMissing`).
}

/// Payment terms as written on a contract: `30% deposit, 70% net 30`, `net 45`, `net 30, 3 installments`.
struct PaymentTerms: Equatable {
    var depositBasisPoints: Int64 = 0
    var netDays: Int64 = 30
    var installments: Int64 = 1

    static func parse(_ text: String) throws -> PaymentTerms {
        var terms = PaymentTerms()
        var sawNet = false
        for clause in text.lowercased().split(separator: ",").map({ String($0).trimmingSpaces }) where !clause.isEmpty {
            let words = clause.split(separator: " ").map(String.init)
            if let percent = words.first, percent.hasSuffix("%"), words.count >= 2, words[1] == "deposit" {
                terms.depositBasisPoints = try basisPoints(percent, in: text)
            } else if let index = words.firstIndex(of: "net"), index + 1 < words.count, let days = Int64(words[index + 1]), (0...365).contains(days) {
                terms.netDays = days
                sawNet = true
            } else if words.count == 2, let count = Int64(words[0]), (1...60).contains(count), words[1].hasPrefix("installment") {
                terms.installments = count
            } else {
                throw CommandError("\"\(clause)\" in the payment terms is not understood",
                                   hint: "write e.g. '30% deposit, 70% net 30', 'net 45' or 'net 30, 3 installments'")
            }
        }
        guard sawNet || terms.depositBasisPoints == 10_000 else {
            throw CommandError("the payment terms say no net days", hint: "e.g. '30% deposit, 70% net 30'")
        }
        return terms
    }

    private static func basisPoints(_ text: String, in terms: String) throws -> Int64 {
        let number = text.dropLast()
        guard let whole = Int64(number), (0...100).contains(whole) else {
            throw CommandError("\"\(text)\" in \"\(terms)\" is not a percentage from 0% to 100%")
        }
        return whole * 100
    }
}

/// Service levels and how fast each must answer a ticket (the service stage reads `service_level`).
enum ServiceLevel {
    static let all = ["gold", "silver", "bronze", "standard"]
}
