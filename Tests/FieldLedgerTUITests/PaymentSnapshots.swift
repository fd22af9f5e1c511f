/// Expected Payments screens (see `Snapshots` for how to update one).
enum PaymentSnapshots {
    static let payments80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings [5 Payments] 6 Conflicts
     Show: [All 6]  Unpaid 1   Partial 2   Paid 1   Reopened 1   Canceled 1
     Invoice     ST status  BC status            Total        Remaining Paid
     INV-1000    processed  Open          1,250.00 USD     1,250.00 USD unpaid 0%
    >INV-1001    processed  Open          2,480.50 USD     1,000.00 USD partial 59%
     INV-1002    paid       Paid            980.00 USD         0.00 USD paid 100%
     INV-1003    processed  Open         15,000.00 USD    15,000.00 USD reopened 0%
     INV-1004    void       Canceled        300.00 USD         0.00 USD canceled
     INV-1005    -          Open      1,234,567.89 USD   617,283.95 USD partial 50%








    ────────────────────────────────────────────────────────────────────────────────
     Invoice        INV-1001 (ServiceTrade 1001) → Business Central SI-1001 · Open
     Last event     payment at 2026-11-27 07:41:09 · ServiceTrade status processed
     Keys           Enter traces the invoice · a u t p o c filter by state · / sea…

     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter EnterOpen aAll uUnpaid tPartial pPaid oReopened cCanceled
    """#

    static let payments132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures  4 Mappings [5 Payments] 6 Conflicts
     Show: [All 6]  Unpaid 1   Partial 2   Paid 1   Reopened 1   Canceled 1
     Invoice      BC number    ST status      BC status             Total        Remaining Paid          Last event At
    >INV-1000     SI-1000      processed      Open           1,250.00 USD     1,250.00 USD unpaid 0%     -
     INV-1001     SI-1001      processed      Open           2,480.50 USD     1,000.00 USD partial 59%   payment    2026-11-27 07:41
     INV-1002     SI-1002      paid           Paid             980.00 USD         0.00 USD paid 100%     paid       2026-11-27 07:30
     INV-1003     SI-1003      processed      Open          15,000.00 USD    15,000.00 USD reopened 0%   reopened   2026-11-27 07:20
     INV-1004     SI-1004      void           Canceled         300.00 USD         0.00 USD canceled      credited   2026-11-27 07:10
     INV-1005     SI-1005      -              Open       1,234,567.89 USD   617,283.95 USD partial 50%   payment    2026-11-27 07:00



























    ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
     Invoice        INV-1000 (ServiceTrade 1000) → Business Central SI-1000 · Open
     Last event     none seen yet · ServiceTrade status processed
     Keys           Enter traces the invoice · a u t p o c filter by state · / searches

     alice · operator · RW · engine ✓ alive · last sync 3m ago                                              store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen aAll uUnpaid tPartial pPaid oReopened cCanceled
    """#
}
