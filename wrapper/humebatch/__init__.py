"""humebatch"""
