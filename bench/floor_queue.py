import sqlite3, sys; from datetime import date, timedelta  # the floor of `caseterm queue` (bench/README.md): DB DAY USER
db, today = sys.argv[1], date.fromisoformat(sys.argv[2]); con = sqlite3.connect(db); me = con.execute("select id from worker where username=?", (sys.argv[3],)).fetchone()[0].replace("-", "")
def cutoff(n, d=today, k=0):  # weekdays only; same result as the app's calendar when no holiday falls in
    while True:
        k += d.weekday() < 5
        if k == n + 1: return str(d - timedelta(days=1))
        d -= timedelta(days=1)
dep = [r[0] for r in con.execute("select id from worker where deputy_id=? and id!=?", (me, me))]
ld = [r[0] for r in con.execute("select id from worker where team_lead_id=? and id!=?", (me, me))]
t, we = str(today), str(today + timedelta(days=6 - today.weekday() + (7 if today.weekday() >= 5 else 0)))
q = f"""select case when f.due_date<:t then 'overdue' when f.due_date=:t then 'today' when f.due_date<=:we then 'week' else 'later' end, f.due_date, f.kind, f.next_step, c.case_number, cl.last_name||', '||cl.first_name, w.display_name
 from follow_up f join casefile c on c.id=f.case_id join client cl on cl.id=c.client_id join worker w on w.id=f.assignee_id
 where f.status='open' and (f.assignee_id=:me or f.assignee_id in ({','.join("'%s'" % x for x in dep) or "''"}) and f.due_date<=:dc or f.assignee_id in ({','.join("'%s'" % x for x in ld) or "''"}) and f.due_date<=:lc)
 and (c.restricted_on is null and (c.lead_worker_id=:me or c.deputy_worker_id=:me or c.lead_worker_id in (select worker_id from absence where deputy_id=:me and starts_on<=:t and ends_on>=:t) or c.id in (select case_id from case_share where worker_id=:me and (until is null or until>=:t))) or f.source_type='referral_answer' and f.assignee_id=:me)
 order by case when f.due_date<:t then 0 when f.due_date=:t then 1 when f.due_date<=:we then 2 else 3 end, c.child_protection is not 1, f.kind!='frist', f.due_date, case f.priority when 'high' then 0 when 'normal' then 1 else 2 end, f.id limit 300"""
for row in con.execute(q, dict(t=t, we=we, me=me, dc=cutoff(5), lc=cutoff(10))): print(*row, sep=" | ")
