#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The text of `help language`: a summary of docs/language.md.
enum LanguageReference {
    static let text = """
    The Funnel language (docs/language.md has the full reference)

    Commands     noun verb ARGS --flag value      lead add "杭州 客户" --budget 50000
    Pipelines    rows flow left to right          lead list | where budget > 1000 | count
    Statements   separated by ; or new lines; a line ending in |, \\ or an open bracket continues
    Comments     # to the end of the line

    Values       42  12.50  100CNY  2026-01-31  30day  1month  1year  true  null  "text"  'raw text'
                 [1, 2, 3]   {name: "Acme", budget: 100CNY}   1..10   { |x| $x * 2 }
    Strings      "plain (as is)"   $"budget: ($lead.budget), doubled: ($lead.budget * 2)"   \\( \\) \\$ escapes
    Variables    let x = 5    mut n = 0    $n = $n + 1    $n += 1    $lead.budget   $t.0
                 $i."days overdue" (quoted name)   $r.phone? (null when missing)
                 $in (pipeline input)   $args (script arguments)   $env.HOME   $env.EDITOR?
    Operators    + - * / // mod   == != < <= > >=   =~ !~ (contains)   in not-in   and or not
                 money stays exact; int / int may give a decimal; // and mod floor: -7 mod 2 is 1
                 date + 30day; date - date; 2026-01-31 + 1month is 2026-02-28 (the day clamps)
                 -$m  -($a + 1)
    Control      if c { } else if d { } else { }   for x in LIST { }   while c { }
                 break  continue  return VALUE
                 match $x { 1 => 'one', 2..5 | 9 => 'few', _ => 'many' }
    Commands     def name [a, b: int, c?: string = "x", --flag: money = 100CNY, --switch, ...rest] { }
    Errors       try { } catch { |err| print $err.msg }   let r = try { } catch { }   error make "message"   exit 3
    Files        source lib.funnel   open data.csv   $rows | save out.json
    Tables       where select reject sort-by group-by first last skip uniq count length
                 first / last give the item; first N / last N always a table or list
                 get update insert each sum avg min max   to json|csv|md   from json|csv
                 group-by owner | aggregate {total: 'sum value', n: count}   join (customer list) customer id
                 select id extra? (null when missing)   reduce append merge default do ignore describe
    Text, dates  str split|length|replace|trim|contains|upcase|downcase   format date '%Y-%m'
                 lead list | str upcase name (on a table: the columns named)
    Safety       --dry-run on every command that changes data; high-impact ones ask at a terminal
                 (--yes skips); transaction begin / commit / rollback; funnel run --atomic FILE
    """
}
