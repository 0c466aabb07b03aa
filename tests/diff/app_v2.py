import sys

# Two comment lines push every function down:
# the diff must still pair them by (file, name).


def work(n):
    return sum(i * i for i in range(n * 4))


def added():
    return {i: i for i in range(50)}


def main():
    for _ in range(20):
        work(1000)
        added()
        added()


if __name__ == "__main__":
    import cProfile
    cProfile.run("main()", sys.argv[1])
