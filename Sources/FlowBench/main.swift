print("FlowBench")
