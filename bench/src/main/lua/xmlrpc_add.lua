-- wrk script for bench/run --http: every request POSTs the XML-RPC call add(1, 2) to the path on the command line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml"
wrk.body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n"
    .. "<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><int>2</int></value>\n</param>\n"
    .. "</params>\n</methodCall>\n"
