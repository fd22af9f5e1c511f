/// Expected screens, compared by `expectScreen` (trailing spaces ignored). To update one after a
/// deliberate change, review $TMPDIR/fieldledger-snapshots/NAME.txt from the failing run and paste it.
enum Snapshots {
    static let overview80 = #"""
    [1 Overview] 2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts
     Engine            ✓ alive · serve on fl-host:4242 · beat 4s ago
       connector       contact   token    rate budget     last error
       businesscentral 5s ago    valid    312/6000 5%     none
       servicetrade    2m ago    n/a      -               ServiceTrade GET invoice…
     Work items by state
       received              0      … retry               0
       ready                 4      ! blocked             1
       posting               0      ✗ failed              3
       ✓ posted          1,204      - superseded          0
     Oldest unposted   INV-1001 (wi:12), waiting 2h 14m ✗ past the 5-minute promise
     Posted, last hour ▄▄▅▆▇▆▃▄▅▆▂██▄▄▄▆▇█▃▁▅▆▇█▃▄▄▅▆ 316 posted · peak 12/min

     Last sync run     #7 once · ✓ ok · finished 3m ago
       flow                      received    posted    failed   retried   skipped
       invoice.post                    12         9         3         0         0

     Audit chain       head #345 at 2026-11-27 07:57:00 · 3f2a9c1e00112233…
                       ✓ intact: 345 events verified



     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let overview132 = #"""
     FieldLedger [1 Overview] 2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts
     Engine            ✓ alive · serve on fl-host:4242 · beat 4s ago
       connector       contact   token    rate budget     last error
       businesscentral 5s ago    valid    312/6000 5%     none
       servicetrade    2m ago    n/a      -               ServiceTrade GET invoices: 503 Service Unavailable
     Work items by state
       received              0      … retry               0
       ready                 4      ! blocked             1
       posting               0      ✗ failed              3
       ✓ posted          1,204      - superseded          0
     Oldest unposted   INV-1001 (wi:12), waiting 2h 14m ✗ past the 5-minute promise
     Posted, last hour ·▅▁▆▂▆▂▇▃█·█▄·▅▁▆▂▆▂·▃█▄█▄·▅▁▆·▆▂▇▃█▄█▄··▁▆▂▆▂▇▃█▄·▄·▅▁▆▂▆▂▇ 316 posted · peak 12/min

     Last sync run     #7 once · ✓ ok · finished 3m ago
       flow                      received    posted    failed   retried   skipped
       invoice.post                    12         9         3         0         0

     Audit chain       head #345 at 2026-11-27 07:57:00 · 3f2a9c1e00112233…
                       ✓ intact: 345 events verified






















     alice · operator · RW · engine ✓ alive · last sync 3m ago                                              store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let syncLog80 = #"""
     1 Overview [2 Sync log] 3 Failures  4 Mappings  5 Payments  6 Conflicts
     Time     Actor    Action            State      Record / details
    >07:55:05 engine   work_item.state   ✗ failed   st:invoice:1001  ready → failed…
     07:54:04 engine   work_item.state   ready      st:invoice:1001  received → rea…
     07:53:03 engine   work_item.created            st:invoice:1001  invoice.post I…
     07:52:02 engine   link.created                 st:invoice:1000  salesInvoice S…
     07:51:01 engine   access.denied                command  refused: retry work it…















     alice · operator · RW · engine ✓ alive · last sync 3m ago · row 1/5
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen yCopy
    """#

    static let syncLog132 = #"""
     FieldLedger  1 Overview [2 Sync log] 3 Failures  4 Mappings  5 Payments  6 Conflicts
     Time                Actor      Action             State        Record / details
    >2026-11-27 07:55:05 engine     work_item.state    ✗ failed     st:invoice:1001  ready → failed  UNMAPPED_GL_ACCOUNT: No GL rule
     2026-11-27 07:54:04 engine     work_item.state    ready        st:invoice:1001  received → ready
     2026-11-27 07:53:03 engine     work_item.created               st:invoice:1001  invoice.post INV-1001
     2026-11-27 07:52:02 engine     link.created                    st:invoice:1000  salesInvoice SI-1000
     2026-11-27 07:51:01 engine     access.denied                   command  refused: retry work item 12 (needs operator)


































     alice · operator · RW · engine ✓ alive · last sync 3m ago · row 1/5                                    store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen yCopy
    """#

    static let failures80 = #"""
     1 Overview  2 Sync log [3 Failures] 4 Mappings  5 Payments  6 Conflicts
       Cause                         Object                      State        Count
     ▾ UNMAPPED_GL_ACCOUNT           service line 'Backflow Tes… ✗ failed         2
    >    wi:12      INV-1001                                               [Retry]
         wi:14      INV-1003                                               [Retry]
     ▸ MISSING_CUSTOMER              customer 'Acme Fire'        ! blocked        1











    ────────────────────────────────────────────────────────────────────────────────
     What happened  No GL rule for service line 'Backflow Testing', item type labo…
     What to do     Add one under Mappings › GL accounts.
     Records        2 · Enter opens · r retries a record · R retries all

     alice · operator · RW · engine ✓ alive · last sync 3m ago · 2/4
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen rRetry RRetryAll yCopy
    """#

    static let failures132 = #"""
     FieldLedger  1 Overview  2 Sync log [3 Failures] 4 Mappings  5 Payments  6 Conflicts
       Cause                                                   Object                                                State        Count
    >▾ UNMAPPED_GL_ACCOUNT                                     service line 'Backflow Testing' / labour              ✗ failed         2
         wi:12      INV-1001                                                                                                   [Retry]
         wi:14      INV-1003                                                                                                   [Retry]
     ▸ MISSING_CUSTOMER                                        customer 'Acme Fire'                                  ! blocked        1






























    ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
     What happened  No GL rule for service line 'Backflow Testing', item type labour.
     What to do     Add one under Mappings › GL accounts.
     Records        2 · Enter opens · r retries a record · R retries all

     alice · operator · RW · engine ✓ alive · last sync 3m ago · 1/4                                        store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen rRetry RRetryAll yCopy
    """#

    static let trace80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts
     Trace INV-1001
     Record        servicetrade:invoice:1001
     Outcome       not in the ERP · ✗ failed
     Why           INV-1001 is not in the ERP: failed — UNMAPPED_GL_ACCOUNT: No GL…
     Audit chain   ✓ intact: 345 events verified

     Work items
       wi:12    invoice.post    ✗ failed    attempts 1  UNMAPPED_GL_ACCOUNT: No GL…
                what to do: Add one under Mappings › GL accounts.

     ERP documents
       none

     Audit trail (3 events, oldest first)
       #3 2026-11-27 07:53:03 engine   work_item.created  invoice.post INV-1001
       #4 2026-11-27 07:54:04 engine   work_item.state  received → ready
       #5 2026-11-27 07:55:05 engine   work_item.state  ready → failed  UNMAPPED_G…




     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let trace132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts  ▸ Trace INV-1001
     Trace INV-1001
     Record        servicetrade:invoice:1001
     Outcome       not in the ERP · ✗ failed
     Why           INV-1001 is not in the ERP: failed — UNMAPPED_GL_ACCOUNT: No GL rule. Add one under Mappings › GL accounts.
     Audit chain   ✓ intact: 345 events verified

     Work items
       wi:12    invoice.post    ✗ failed    attempts 1  UNMAPPED_GL_ACCOUNT: No GL rule
                what to do: Add one under Mappings › GL accounts.

     ERP documents
       none

     Audit trail (3 events, oldest first)
       #3 2026-11-27 07:53:03 engine   work_item.created  invoice.post INV-1001
       #4 2026-11-27 07:54:04 engine   work_item.state  received → ready
       #5 2026-11-27 07:55:05 engine   work_item.state  ready → failed  UNMAPPED_GL_ACCOUNT: No GL rule























     alice · operator · RW · engine ✓ alive · last sync 3m ago                                              store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let help80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts  ▸ Help
     Help · keys (q closes)
     F1, ?                 Help: every key, generated from this table
     q                     Close the current view (help, trace)
     F10, Q                Quit the console
     Esc                   Cancel the filter, command line or question
     /, F3                 Filter the sync log, search other views
     n                     Next match of the filter
     N                     Previous match of the filter
     :                     Command line (:trace REF, :retry ID, :pane NAME, :q); ↑…
     ↑, k                  Move up
     ↓, j                  Move down
     PgUp, Ctrl-U          Page up
     PgDn, Ctrl-D          Page down
     Home, g               First row (the sync log follows new events here)
     End, G                Last row (the oldest event in the sync log)
     1                     Overview pane
     2                     Sync log pane
     3                     Failures pane
     4                     Mappings pane
     5                     Payments pane

     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let help132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments  6 Conflicts  ▸ Help
     Help · keys (q closes)
     F1, ?                 Help: every key, generated from this table
     q                     Close the current view (help, trace)
     F10, Q                Quit the console
     Esc                   Cancel the filter, command line or question
     /, F3                 Filter the sync log, search other views
     n                     Next match of the filter
     N                     Previous match of the filter
     :                     Command line (:trace REF, :retry ID, :pane NAME, :q); ↑/↓ history
     ↑, k                  Move up
     ↓, j                  Move down
     PgUp, Ctrl-U          Page up
     PgDn, Ctrl-D          Page down
     Home, g               First row (the sync log follows new events here)
     End, G                Last row (the oldest event in the sync log)
     1                     Overview pane
     2                     Sync log pane
     3                     Failures pane
     4                     Mappings pane
     5                     Payments pane
     6                     Conflicts pane
     Tab                   Next pane
     Shift-Tab             Previous pane
     Enter                 Open: the record's trace, expand a failure group, show a conflict whole (Sync log, Failures, Payments, Conf…
     →, ]                  Next rule table (GL accounts, dimensions, tax, …) (Mappings)
     ←, [                  Previous rule table (Mappings)
     Space, →, ←           Expand or collapse a failure group (Failures)
     r                     Retry the selected record now (Failures)
     R                     Retry every record of the selected group (asks first) (Failures)
     y                     Copy the selected reference to the clipboard (OSC 52) (Sync log, Failures)
     Ctrl-L, F5            Reload the data and redraw
     m                     Mouse on/off (off gives the terminal's own text selection)
     a                     Show invoices in every payment state (Payments)
     u                     Show unpaid invoices (nothing received) (Payments)
     t                     Show partly paid invoices (Payments)
     p                     Show paid invoices (Payments)
     o                     Show reopened invoices (a payment was reversed) (Payments)
     c                     Show canceled or fully credited invoices (Payments)
     Tab, ↓                Next field (rule editor)

     alice · operator · RW · engine ✓ alive · last sync 3m ago                                              store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let mappings80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts

     Mappings arrive with finance-owned posting rules (GL, dimension, tax).



















     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures
    """#

    static let tooSmall = #"""









                  Terminal too small — need 80×24
             (now 60×20); enlarge the window. Q quits.









    """#

    static let ascii80 = #"""
     1 Overview  2 Sync log [3 Failures] 4 Mappings  5 Payments  6 Conflicts
       Cause                         Object                      State        Count
    >v UNMAPPED_GL_ACCOUNT           service line 'Backflow Tes~ x failed         2
         wi:12      INV-1001                                               [Retry]
         wi:14      INV-1003                                               [Retry]
     > MISSING_CUSTOMER              customer 'Acme Fire'        ! blocked        1











    --------------------------------------------------------------------------------
     What happened  No GL rule for service line 'Backflow Testing', item type labo~
     What to do     Add one under Mappings › GL accounts.
     Records        2 - Enter opens - r retries a record - R retries all

     alice - operator - RW - engine + alive - last sync 3m ago - 1/4
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen rRetry RRetryAll yCopy
    """#
}
