#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The hand-offs of capture, discover and sign as a plugin sends them (docs/plugin-protocol.md), read
/// into StageKit's types, which check, record and journal them as they do for in-process stages.
enum CoreHandOffs {
    /// `{"kind": "lead", "name": …, "company": …, "budget": {money}, "authority": true, …}`.
    static func lead(_ record: Record, _ place: String, context: StageContext) throws -> Lead {
        guard let name = record.text("name") else { throw CommandError("\(place): name is missing") }
        var lead = Lead(id: EntityID(.lead, 0), name: name, company: try HandOffFields.text(record, "company", place), email: try HandOffFields.text(record, "email", place),
                        phone: try HandOffFields.text(record, "phone", place), source: try HandOffFields.text(record, "source", place), campaign: try HandOffFields.text(record, "campaign", place),
                        region: try HandOffFields.text(record, "region", place), industry: try HandOffFields.text(record, "industry", place), createdAt: context.clock.now)
        switch record["budget"] {
        case nil, .null?: break
        case .money(let budget)?: lead.budget = budget
        default: throw CommandError("\(place): budget must be money, {\"amount\": \"…\", \"currency\": \"…\"}")
        }
        switch record["authority"] {
        case nil, .null?: break
        case .bool(let authority)?: lead.authority = authority
        default: throw CommandError("\(place): authority must be true or false")
        }
        lead.need = try HandOffFields.integer(record, "need", place).map(Int.init)
        lead.timelineDays = try HandOffFields.integer(record, "timeline", place).map(Int.init)
        do { return try CapturedLead.record(lead, in: context) } catch let error as CommandError {
            throw CommandError("\(place): " + (error.argument.map { "\($0): " } ?? "") + error.message)
        }
    }

    /// `{"kind": "need", "deal": "D-1", "description": …, "need_kind": "pain", "priority": "high"}`.
    static func need(_ record: Record, _ place: String, context: StageContext) throws {
        let need = FoundNeed(deal: try HandOffFields.id(record, "deal", .deal, place), description: record.text("description") ?? "",
                             kind: try HandOffFields.text(record, "need_kind", place) ?? "requirement", priority: try HandOffFields.text(record, "priority", place) ?? "medium")
        do { try need.record(in: context) } catch let error as CommandError { throw CommandError("\(place): \(error.message)") }
    }

    /// `{"kind": "budget", "deal": "D-1", "confirmed": true}`, journaled as `deal.budget-confirmed`.
    static func budget(_ record: Record, _ place: String, context: StageContext) throws {
        let deal = try HandOffFields.id(record, "deal", .deal, place)
        guard case .bool(let confirmed)? = record["confirmed"] else { throw CommandError("\(place): confirmed must be true or false") }
        do { try BudgetConfirmation.record(confirmed, of: deal, in: context.database) } catch let error as CommandError {
            throw CommandError("\(place): \(error.message)")
        }
        try context.journal("deal.budget-confirmed", subject: deal, details: Record([("confirmed", .bool(confirmed))]))
    }

    /// `{"kind": "contract", "quote": "Q-1", "delivery": "2026-03-01", "payment": "net 30", "warranty_months": 12,
    /// "service": "gold", "signatory": "…", "signed_on": "2026-01-31"}`.
    static func contract(_ record: Record, _ place: String, context: StageContext) throws -> EntityID {
        let contract = SignedContract(quote: try HandOffFields.id(record, "quote", .quote, place), delivery: try HandOffFields.required(HandOffFields.date(record, "delivery", place), "delivery", place),
                                      paymentTerms: try HandOffFields.text(record, "payment", place) ?? "net 30",
                                      warrantyMonths: try HandOffFields.integer(record, "warranty_months", place) ?? 0, serviceLevel: try HandOffFields.text(record, "service", place) ?? "standard",
                                      signatory: record.text("signatory") ?? "", signedOn: try HandOffFields.required(HandOffFields.date(record, "signed_on", place), "signed_on", place, default: context.clock.now))
        do { return try contract.record(in: context) } catch let error as CommandError { throw CommandError("\(place): \(error.message)") }
    }
}
