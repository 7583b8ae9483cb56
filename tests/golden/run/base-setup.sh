# sourced by a case's setup (tests/golden/<area>/<case>/setup): the base
# project tests/golden/run/_base under the case's input/ (its files win)
cp -Rn "$(dirname "$CASE")/../run/_base/." . && rm -f README.md
