import FieldLedgerHTTP
import Foundation

/// The sample company at a larger scale, for benchmarks and volume tests: Business Central,
/// PartsManager and the rules as they are, and ServiceTrade with `generated` extra approved
/// invoices of 1–10 lines, each built from a valid sample invoice (same company, job, branch,
/// tax rates) so every one can post. With `keepSampleInvoices` the sample's own invoices (and
/// their planted problems) stay; without, the generated ones are the only invoices.
public struct ScaledSampleData: Sendable {
    public let sampleData: String

    /// Sample invoices that carry a planted problem (sample-data/README.md): never templates.
    public static let plantedProblemInvoices: Set<Int> = [12, 45, 58, 77, 143, 150]

    public init(sampleData: String) { self.sampleData = sampleData }

    /// The number `generated` invoice `n` (0-based) gets.
    public static func invoiceNumber(_ n: Int) -> String { "GEN-\(String(format: "%07d", n + 1))" }

    public func write(to folder: String, generated count: Int, keepSampleInvoices: Bool) throws {
        let files = FileManager.default
        try? files.removeItem(atPath: folder)
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for part in ["bc", "pm", "rules", "st"] {
            try files.copyItem(atPath: sampleData + "/" + part, toPath: folder + "/" + part)
        }
        let source = sampleData + "/st/invoices.json"
        guard let all = try JSONValue(parsing: String(contentsOfFile: source, encoding: .utf8)).arrayValue else {
            throw ScaledSampleDataError("\(source): not a JSON array of invoices")
        }
        let templates = all.compactMap(\.objectValue).filter { invoice in
            invoice["status"]?.stringValue == "pending_accounting"
                && !Self.plantedProblemInvoices.contains(invoice["id"]?.intValue ?? 0)
                && !(invoice["items"]?.arrayValue ?? []).isEmpty
        }
        guard !templates.isEmpty else { throw ScaledSampleDataError("\(source): no valid approved invoice to build from") }
        var out: [JSONValue] = keepSampleInvoices ? all : []
        out.reserveCapacity(out.count + count)
        for n in 0..<count {
            out.append(.object(invoice(n, from: templates[n % templates.count])))
        }
        try JSONValue.array(out).serialized().write(toFile: folder + "/st/invoices.json", atomically: true, encoding: .utf8)
        if !keepSampleInvoices {
            // Payments name sample invoices that are no longer there.
            try "[]".write(toFile: folder + "/st/payments.json", atomically: true, encoding: .utf8)
        }
    }

    /// Invoice `n`: the template's header with a new id and number, and its first 1–10 items
    /// (cycling through the sizes), totals recomputed exactly from the items kept.
    private func invoice(_ n: Int, from template: JSONObject) -> JSONObject {
        var invoice = template
        let id = 100_000 + n
        let items = (template["items"]?.arrayValue ?? [])
        let kept = Array(items.prefix(1 + n % 10))
        var subtotal = Decimal(0), tax = Decimal(0)
        var renumbered: [JSONValue] = []
        for (index, item) in kept.enumerated() {
            guard var line = item.objectValue else { continue }
            line["id"] = .int(id * 20 + index)
            subtotal += line["total"]?.decimalValue ?? 0
            tax += line["taxAmount"]?.decimalValue ?? 0
            renumbered.append(.object(line))
        }
        invoice["id"] = .int(id)
        invoice["uri"] = .string("/st/api/invoice/\(id)")
        invoice["invoiceNumber"] = .string(Self.invoiceNumber(n))
        invoice["items"] = .array(renumbered)
        invoice["subtotal"] = .decimal(subtotal)
        invoice["taxAmount"] = .decimal(tax)
        invoice["totalPrice"] = .decimal(subtotal + tax)
        invoice["amountPaid"] = .decimal(0)
        invoice["balance"] = .decimal(subtotal + tax)
        invoice["status"] = .string("pending_accounting")
        return invoice
    }
}

/// The sample folder could not be scaled: what was wrong, where.
public struct ScaledSampleDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
