import random
import subprocess


def calc(expr):
    return eval(expr)


def run(cmd):
    subprocess.call(cmd, shell=True)


def pick(items):
    return random.choice(items)
