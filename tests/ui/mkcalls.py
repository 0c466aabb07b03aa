"""A deterministic pstats dump for the detail and tree view tests, written
with marshal directly: recursion, mutual recursion, and one function with
300 callers.

    mkcalls.py OUT
"""
import marshal
import sys

F = "/srv/app/app.py"
main = (F, 1, "main")
handler = (F, 10, "handler")
fib = (F, 30, "fib")
even = (F, 40, "even")
odd = (F, 44, "odd")
hot = ("/srv/app/hot.py", 5, "hot")
callers = [("/srv/app/callers.py", 100 + i, "caller_%03d" % i) for i in range(300)]

stats = {}
# cc, nc, tt, ct, callers {caller: (nc, cc, tt, ct)}
stats[main] = (1, 1, 5.748, 10.000, {})
stats[handler] = (100, 100, 0.500, 6.000, {main: (100, 100, 0.500, 6.000)})
# fib: 100 primitive calls from handler, 900 recursive ones from itself
stats[fib] = (100, 1000, 2.000, 4.000, {handler: (100, 100, 0.200, 4.000),
                                        fib: (900, 0, 1.800, 3.600)})
stats[even] = (10, 60, 0.300, 1.000, {handler: (10, 10, 0.050, 1.000), odd: (50, 0, 0.250, 0.900)})
stats[odd] = (0, 50, 0.250, 0.900, {even: (50, 0, 0.250, 0.900)})
hot_callers = {}
for i, c in enumerate(callers):
    n = 300 - i
    stats[c] = (n, n, 0.001 * n / 100, 0.002 * n / 100, {main: (n, n, 0.001 * n / 100, 0.002 * n / 100)})
    hot_callers[c] = (n, n, 0.0005 * n / 100, 0.001 * n / 100)
total = sum(v[0] for v in hot_callers.values())
stats[hot] = (total, total, 0.7525, 1.505, hot_callers)
with open(sys.argv[1], "wb") as f:
    marshal.dump(stats, f)
