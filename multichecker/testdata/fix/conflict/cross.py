flag = "SYNC"
