"""The demo seeder as an app of its own: `manage.py seed_demo` and the modules it is made of.

A leaf: it imports the domain apps, and nothing but its own command, the tests and the benchmark
imports it. The entry point is `demo.seeder.seed`.
"""
