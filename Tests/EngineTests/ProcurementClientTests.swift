import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import Testing
@testable import FieldLedgerCore

extension SimulatedCompany {
    /// A PartsManager client pointed at this company's simulator, with the built-in test credentials
    /// (or `secret` to prove a wrong one is refused).
    func partsManagerClient(secret: String = PartsManagerTestCredentials.clientSecret) -> PartsManagerClient {
        PartsManagerClient(endpoint: PartsManagerEndpoint(baseURL: server.baseURL! + "/pm/api",
                                                          clientID: PartsManagerTestCredentials.clientId,
                                                          clientSecret: secret, tenantUUID: PartsManagerTestCredentials.tenantUUID),
                           http: http)
    }
}

/// The PartsManager connector against the simulated SoftLedger-backed API, over real HTTP.
@Suite struct ProcurementClientTests {
    @Test func readsEveryResourceAcrossPages() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient()
        do {
            let vendors = try await pm.list(.vendors, pageSize: 2)
            #expect(vendors.count == 6)
            #expect(vendors.map { $0["_id"]?.intValue ?? 0 } == [1, 2, 3, 4, 5, 6])
            #expect(try await pm.list(.items, pageSize: 4).count == 15)
            #expect(try await pm.list(.warehouses).count == 5)
            let orders = try await pm.list(.purchaseOrders, pageSize: 1)
            #expect(orders.count == 5)
            #expect(orders[0]["POLineItems"]?.arrayValue?.first?["amount"]?.decimalValue == Decimal(string: "7.40"))
            #expect(try await pm.list(.shipmentReceipts).count == 1)
            #expect(try await pm.list(.vendorBills).count == 1)
            #expect(try await pm.list(.stockAdjustments, filters: [("type", "adjustment")]).allSatisfy {
                $0["type"]?.stringValue == "adjustment"
            })
            let issued = try await pm.list(.purchaseOrders, filters: [("status", "issued,partiallyFulfilled,fulfilled")])
            #expect(!issued.isEmpty && issued.allSatisfy { $0["status"]?.stringValue != "created" })
            let future = PartsManagerClient.timestamp(Date(timeIntervalSinceNow: 86_400 * 365 * 5))
            #expect(try await pm.list(.purchaseOrders, filters: [("updatedAfter", future)]).isEmpty)
            #expect(try await pm.get(.purchaseOrders, id: 1)?["number"]?.stringValue == "PO-1001")
            #expect(try await pm.get(.purchaseOrders, id: 999_999) == nil)
        } catch {
            await company.stop()
            throw error
        }
        await company.stop()
    }

    @Test func writesVendorsAndItems() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient()
        do {
            let created = try await pm.createVendor(["id": "V2001", "name": "Test Supply Co"])
            let id = try #require(created["_id"]?.intValue)
            let updated = try await pm.updateVendor(id: id, ["email": "ap@test-supply.example"])
            #expect(updated["email"]?.stringValue == "ap@test-supply.example")
            #expect(try await pm.vendor(code: "V2001")?["name"]?.stringValue == "Test Supply Co")
            let item = try await pm.createItem(["name": "Test valve", "sku": "TST-VALVE", "category": "Valves", "purchasePrice": "12.50"])
            #expect(item["purchasePrice"]?.decimalValue == Decimal(string: "12.5"))
            #expect(try await pm.item(sku: "TST-VALVE")?["_id"]?.intValue == item["_id"]?.intValue)
            let renamed = try await pm.updateItem(id: try #require(item["_id"]?.intValue), ["name": "Test ball valve"])
            #expect(renamed["name"]?.stringValue == "Test ball valve")
            // A misspelt member is refused, with the simulator's message, as a permanent error.
            let error = await #expect(throws: RemoteError.self) { try await pm.createVendor(["nmae": "typo"]) }
            #expect(error?.status == 400 && error?.isTransient == false && error?.system == .partsManager)
            #expect(error?.message.isEmpty == false)
        } catch {
            await company.stop()
            throw error
        }
        await company.stop()
    }

    @Test func wrongSecretIsAPermanentErrorThatNamesTheFix() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient(secret: "not-the-secret")
        let error = await #expect(throws: RemoteError.self) { try await pm.list(.vendors) }
        #expect(error?.code == "invalid_client")
        #expect(error?.isTransient == false)
        #expect(error?.message.contains("partsmanager.client_id") == true)
        #expect(error?.description.contains("not-the-secret") == false)
        await company.stop()
    }

    @Test func tokenIsCachedAcrossRequests() async throws {
        let company = try await SimulatedCompany(logRequests: true)
        let pm = company.partsManagerClient()
        do {
            _ = try await pm.list(.vendors)
            _ = try await pm.list(.items)
            _ = try await pm.get(.warehouses, id: 1)
            let log = try String(contentsOfFile: company.requestLogPath, encoding: .utf8)
            #expect(log.components(separatedBy: "/pm/api/oauth/token").count - 1 == 1)
        } catch {
            await company.stop()
            throw error
        }
        await company.stop()
    }
}
