print("ringlog")
