import sys


def work(n):
    return sum(i * i for i in range(n))


def dropped():
    return [str(i) for i in range(50)]


def main():
    for _ in range(20):
        work(1000)
        dropped()


if __name__ == "__main__":
    import cProfile
    cProfile.run("main()", sys.argv[1])
