"""Known mistakes made in the reference's source: one engine (:mod:`.engine`), one catalogue (:mod:`.catalogue`).

The sample class's mutant students and the tests' expected hints both take each mistake's
code change from :data:`autograder.mutants.catalogue.MISTAKES` by id.
"""
