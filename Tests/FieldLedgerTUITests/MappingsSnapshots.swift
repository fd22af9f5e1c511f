/// Expected Mappings and Conflicts screens (see `Snapshots` for how to update one).
enum MappingsSnapshots {
    static let mappings80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Table ▸ GL accounts (2 rules, table 1 of 10; ←/→ change tables)
       Rule Matches                           → Target       Problem
    >     7 item_type labor, service_line HV… → 43100        ✓ ok            [Edit]
          9 item_type material, service_line… → 44900        ✗ BLOCKED_GL_…  [Edit]












    ────────────────────────────────────────────────────────────────────────────────
     Rule 7        gl_account item_type labor, service_line HVAC → 43100  · v2 by …
     Problem        ✓ none: Business Central supports this rule
     Keys           e or Enter edits · a adds · d retires · every change is previe…

     alice · finance · RW · engine ✓ alive · last sync 3m ago   store: …tore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures eEdit aAdd dRetire →Table
    """#

    static let mappingsOperator80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Table ▸ GL accounts (2 rules, table 1 of 10; ←/→ change tables)
       Rule Matches                                  → Target       Problem
    >     7 item_type labor, service_line HVAC       → 43100        ✓ ok
          9 item_type material, service_line Fire S… → 44900        ✗ BLOCKED_GL_…












    ────────────────────────────────────────────────────────────────────────────────
     Rule 7        gl_account item_type labor, service_line HVAC → 43100  · v2 by …
     Problem        ✓ none: Business Central supports this rule
     Read-only      changing rules needs the finance role; you are alice (operator)

     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures →Table
    """#

    static let ruleForm132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Add a gl_account rule
     sales line account: document (invoice|credit_memo|*), item_type, service_line, branch, job_type → target account

      document      [                                  ] invoice | credit_memo | *
      item_type     [l                                 ] ✗ BAD_VALUE: 'l' is not one of labor, material, other, *.
      service_line  [Backflow Testing                  ] * = any
      branch        [                                  ] * = any
      job_type      [                                  ] * = any
    > target        [4_                                ] ✗ MISSING_VALUE: gl_account rules need a target; fill it in.

     ✗ 2 problems: column target: gl_account rules need a target; fill it in.

     Business Central accounts (Ctrl-N/Ctrl-P or a click picks, Enter takes):
     > 40000            REVENUE
       43100            Service Revenue - HVAC
       44900            Fire Protection Revenue - OLD  ✗ blocked
       49000            Backflow Testing Revenue





















     [Preview]  [Cancel]  Tab/↓ next field · F2 preview · Esc cancels

     alice · finance · RW · engine ✓ alive · last sync 3m ago                                               store: /srv/fl/store.sqlite
    EnterTake F2Preview EscBack F1Help F10Quit
    """#

    static let rulePreview132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Preview · Add a gl_account rule
     Change: gl_account service_line Backflow Testing → 49000

     ✓ Fixes 2 failed or blocked records
         INV-26077 (wi:77) was UNMAPPED_GL_ACCOUNT
         INV-26143 (wi:143) was UNMAPPED_GL_ACCOUNT
     ! 1 still fails, for another reason (the next thing to fix)
         INV-26150 (wi:150): UNMAPPED_GL_ACCOUNT → UNMAPPED_DIMENSION
     · Changes 0 pending postings
     · 0 posted records would have mapped differently (information only; nothing is reposted)


























     Reason (kept in the history): new service line_

     [Apply]  [Apply & retry]  [Back]  type the reason · F6 applies · F7 applies and retries the 2 fixed records · Esc back

     alice · finance · RW · engine ✓ alive · last sync 3m ago                                               store: /srv/fl/store.sqlite
    F6Apply F7Apply&retry EscBack F1Help F10Quit
    """#

    static let conflicts132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments [6 Conflicts]
     Conflicts 2 of 2, newest first · filter: none (/ filters)
     Decided             Record            Field            Won              Winning value      Losing value       Rule
    >2026-11-27 07:41:09 company:5         phoneNumber      ServiceTrade     919-555-0100       919-555-0199       newest change wins
     2026-11-27 07:31:00 company:9         taxAreaCode      Business Central NC-WAKE            NC-DURHAM          BC owns it































    ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
     Records        servicetrade:company:5 → businesscentral:customer:C10005
     Decided        servicetrade won: newest change wins (servicetrade modified 2026-11-27T07:40:00.000Z, businesscentral 2026-11-27T0…
     Keys           Enter shows every field · / filters by record, field or value

     alice · operator · RW · engine ✓ alive · last sync 3m ago                                              store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen
    """#

    static let mappingsEmptyAscii80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Table > GL accounts (0 rules, table 1 of 10; Left/Right change tables)
       Rule Matches                                  -> Target      Problem
     The GL accounts table is empty. a adds a rule (finance role).













    --------------------------------------------------------------------------------
     Rules          sales line account: document (invoice|credit_memo|*), item_typ~

     Read-only      changing rules needs the finance role; you are alice (operator)

     alice - operator - RW - engine + alive - last sync 3m ago   store: ~ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures RightTable
    """#

    static let mappings132 = #"""
     FieldLedger  1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Table ▸ GL accounts (2 rules, table 1 of 10; ←/→ change tables)
       Rule Matches                                                     → Target                 Problem
    >     7 item_type labor, service_line HVAC                          → 43100                  ✓ ok                            [Edit]
          9 item_type material, service_line Fire Sprinkler             → 44900                  ✗ BLOCKED_GL_ACCOUNT            [Edit]































    ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
     Rule 7        gl_account item_type labor, service_line HVAC → 43100  · v2 by carol at 2026-11-26 10:00:00
     Problem        ✓ none: Business Central supports this rule
     Keys           e or Enter edits · a adds · d retires · every change is previewed and kept in the history

     alice · finance · RW · engine ✓ alive · last sync 3m ago                                               store: /srv/fl/store.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures eEdit aAdd dRetire →Table
    """#

    static let ruleForm80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Add a gl_account rule
     sales line account: document (invoice|credit_memo|*), item_type, service_line,…

      document      [                        ] invoice | credit_memo | *
      item_type     [l                       ] ✗ BAD_VALUE: 'l' is not one of labor…
      service_line  [Backflow Testing        ] * = any
      branch        [                        ] * = any
      job_type      [                        ] * = any
    > target        [4_                      ] ✗ MISSING_VALUE: gl_account rules ne…

     ✗ 2 problems: column target: gl_account rules need a target; fill it in.

     Business Central accounts (Ctrl-N/Ctrl-P or a click picks, Enter takes):
     > 40000            REVENUE
       43100            Service Revenue - HVAC
       44900            Fire Protection Revenue - OLD  ✗ blocked
       49000            Backflow Testing Revenue


     [Preview]  [Cancel]  Tab/↓ next field · F2 preview · Esc cancels

     alice · finance · RW · engine ✓ alive · last sync 3m ago   store: …tore.sqlite
    EnterTake F2Preview EscBack F1Help F10Quit
    """#

    static let rulePreview80 = #"""
     1 Overview  2 Sync log  3 Failures [4 Mappings] 5 Payments  6 Conflicts
     Preview · Add a gl_account rule
     Change: gl_account service_line Backflow Testing → 49000

     ✓ Fixes 2 failed or blocked records
         INV-26077 (wi:77) was UNMAPPED_GL_ACCOUNT
         INV-26143 (wi:143) was UNMAPPED_GL_ACCOUNT
     ! 1 still fails, for another reason (the next thing to fix)
         INV-26150 (wi:150): UNMAPPED_GL_ACCOUNT → UNMAPPED_DIMENSION
     · Changes 0 pending postings
     · 0 posted records would have mapped differently (information only; nothing is…







     Reason (kept in the history): new service line_

     [Apply]  [Apply & retry]  [Back]  type the reason · F6 applies · F7 applies a…

     alice · finance · RW · engine ✓ alive · last sync 3m ago   store: …tore.sqlite
    F6Apply F7Apply&retry EscBack F1Help F10Quit
    """#

    static let conflicts80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments [6 Conflicts]
     Conflicts 2 of 2, newest first · filter: none (/ filters)
     Decided     Record             Field        Won  Winning value  Losing value
    >07:41:09    company:5          phoneNumber  ST   919-555-0100   919-555-0199
     07:31:00    company:9          taxAreaCode  BC   NC-WAKE        NC-DURHAM












    ────────────────────────────────────────────────────────────────────────────────
     Records        servicetrade:company:5 → businesscentral:customer:C10005
     Decided        servicetrade won: newest change wins (servicetrade modified 20…
     Keys           Enter shows every field · / filters by record, field or value

     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen
    """#

    static let conflictDetail80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments [6 Conflicts]
     Conflict 3 · customer phoneNumber (Enter or q goes back)
     ServiceTrade     servicetrade:company:5
       value          919-555-0100  ✓ won
       modified       2026-11-27 07:40:00
     Business Central businesscentral:customer:C10005
       value          919-555-0199  ✗ lost
       modified       2026-11-27 07:10:00

     Rule             newest change wins
     Decided at       2026-11-27 07:41:09
     Why              servicetrade won: newest change wins (servicetrade modified …










     alice · operator · RW · engine ✓ alive · last sync 3m ago   store: …ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen
    """#

    static let conflictsEmptyAscii80 = #"""
     1 Overview  2 Sync log  3 Failures  4 Mappings  5 Payments [6 Conflicts]
     Conflicts 0 of 0, newest first - filter: none (/ filters)
     Decided     Record             Field        Won  Winning value  Losing value
     + No master-data conflicts: no field was changed in both systems.


















     alice - operator - RW - engine + alive - last sync 3m ago   store: ~ore.sqlite
    F1Help F10Quit /Filter 1Overview 2Log 3Failures EnterOpen
    """#
}
