"""网上调查: staff build and publish surveys, citizens answer once, results shown as a chart."""
