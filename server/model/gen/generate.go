package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Generate returns every generated file, keyed by its path from the module root.
func Generate(botocore, patches string) (map[string][]byte, error) {
	dirs, err := os.ReadDir(botocore)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	var infos []info
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := d.Name()
		path, err := newestModel(filepath.Join(botocore, name))
		if err != nil || path == "" {
			continue
		}
		doc, err := readModel(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if p, err := os.ReadFile(filepath.Join(patches, name+".json")); err == nil {
			var patch map[string]any
			if err := json.Unmarshal(p, &patch); err != nil {
				return nil, fmt.Errorf("patch %s: %w", name, err)
			}
			merge(doc, patch)
			fixMemberOrder(doc)
		}
		strip(doc)
		compact, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		files["server/model/models/"+name+".json.gz"] = gz(compact)
		// A "<service>.query.json" overlay makes the query view of a JSON
		// service that also answers the query protocol (SQS): XML names and
		// flattening that must not leak into its JSON wire names.
		if p, err := os.ReadFile(filepath.Join(patches, name+".query.json")); err == nil {
			var patch, view map[string]any
			if err := json.Unmarshal(p, &patch); err != nil {
				return nil, fmt.Errorf("patch %s.query: %w", name, err)
			}
			json.Unmarshal(compact, &view)
			merge(view, patch)
			fixMemberOrder(view)
			qv, err := json.Marshal(view)
			if err != nil {
				return nil, err
			}
			files["server/model/models/"+name+".query.json.gz"] = gz(qv)
		}
		infos = append(infos, infoOf(name, doc))
		for _, svc := range apiServices {
			if svc == name {
				src, err := apiSource(name, doc)
				if err != nil {
					return nil, fmt.Errorf("%s api: %w", name, err)
				}
				files["server/services/"+name+"/api_gen.go"] = src
			}
		}
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Name < infos[j].Name })
	idx, err := indexSource(infos)
	if err != nil {
		return nil, err
	}
	files["server/model/index_gen.go"] = idx
	return files, nil
}

// newestModel returns the service-2.json(.gz) of the newest API version.
func newestModel(dir string) (string, error) {
	vers, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var names []string
	for _, v := range vers {
		if v.IsDir() {
			names = append(names, v.Name())
		}
	}
	sort.Strings(names)
	for i := len(names) - 1; i >= 0; i-- {
		for _, f := range []string{"service-2.json.gz", "service-2.json"} {
			p := filepath.Join(dir, names[i], f)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", nil
}

func readModel(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(zr); err != nil {
			return nil, err
		}
		data = buf.Bytes()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	// Go maps forget the model's member order, which XML protocols put on the
	// wire (S3's <Contents><Key/><LastModified/><ETag/>…): keep it beside them.
	orders, err := memberOrders(data)
	if err != nil {
		return nil, err
	}
	shapes, _ := doc["shapes"].(map[string]any)
	for name, order := range orders {
		if sh, ok := shapes[name].(map[string]any); ok {
			sh["memberOrder"] = order
		}
	}
	return doc, nil
}

// memberOrders returns each shape's member names in the order of the file.
func memberOrders(data []byte) (map[string][]any, error) {
	var top struct {
		Shapes map[string]struct {
			Members json.RawMessage `json:"members"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	out := map[string][]any{}
	for name, sh := range top.Shapes {
		if len(sh.Members) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(sh.Members))
		if _, err := dec.Token(); err != nil { // {
			return nil, err
		}
		var order []any
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			order = append(order, key)
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
		}
		out[name] = order
	}
	return out, nil
}

// fixMemberOrder appends members a patch added to a shape's memberOrder.
func fixMemberOrder(doc map[string]any) {
	shapes, _ := doc["shapes"].(map[string]any)
	for _, s := range shapes {
		sh, _ := s.(map[string]any)
		members, _ := sh["members"].(map[string]any)
		if len(members) == 0 {
			continue
		}
		order, _ := sh["memberOrder"].([]any)
		seen := map[string]bool{}
		var kept []any
		for _, m := range order {
			if _, ok := members[m.(string)]; ok && !seen[m.(string)] {
				seen[m.(string)] = true
				kept = append(kept, m)
			}
		}
		for _, m := range sortedKeys(members) {
			if !seen[m] {
				kept = append(kept, m)
			}
		}
		sh["memberOrder"] = kept
	}
}

// strip removes prose the emulator never reads.
func strip(v any) {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range []string{"documentation", "documentationUrl", "deprecatedMessage", "exampleDocs"} {
			delete(t, k)
		}
		for _, c := range t {
			strip(c)
		}
	case []any:
		for _, c := range t {
			strip(c)
		}
	}
}

// merge deep-merges patch into doc (objects merge, everything else replaces).
func merge(doc, patch map[string]any) {
	for k, pv := range patch {
		if pm, ok := pv.(map[string]any); ok {
			if dm, ok := doc[k].(map[string]any); ok {
				merge(dm, pm)
				continue
			}
		}
		doc[k] = pv
	}
}

func gz(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

type info struct {
	Name, SigningName, TargetPrefix, EndpointPrefix, JSONVersion, APIVersion, ServiceID string
	Protocols, PathPrefixes                                                             []string
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func infoOf(name string, doc map[string]any) info {
	md, _ := doc["metadata"].(map[string]any)
	in := info{
		Name:           name,
		SigningName:    str(md, "signingName"),
		TargetPrefix:   str(md, "targetPrefix"),
		EndpointPrefix: str(md, "endpointPrefix"),
		JSONVersion:    str(md, "jsonVersion"),
		APIVersion:     str(md, "apiVersion"),
		ServiceID:      str(md, "serviceId"),
	}
	if in.SigningName == "" {
		in.SigningName = in.EndpointPrefix
	}
	if ps, ok := md["protocols"].([]any); ok {
		for _, p := range ps {
			in.Protocols = append(in.Protocols, p.(string))
		}
	}
	if len(in.Protocols) == 0 {
		in.Protocols = []string{str(md, "protocol")}
	}
	if in.Protocols[0] == "rest-json" || in.Protocols[0] == "rest-xml" {
		seen := map[string]bool{}
		ops, _ := doc["operations"].(map[string]any)
		for _, o := range ops {
			h, _ := o.(map[string]any)["http"].(map[string]any)
			uri := str(h, "requestUri")
			if i := strings.IndexAny(uri, "{?"); i >= 0 {
				uri = uri[:i]
			}
			uri = strings.TrimSuffix(uri, "/")
			if uri != "" && !seen[uri] {
				seen[uri] = true
				in.PathPrefixes = append(in.PathPrefixes, uri)
			}
		}
		sort.Strings(in.PathPrefixes)
	}
	return in
}

func indexSource(infos []info) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by server/model/gen from botocore's models. DO NOT EDIT.\n\npackage model\n\n")
	b.WriteString("// index lists every embedded service, sorted by name.\nvar index = []Info{\n")
	q := func(ss []string) string {
		if len(ss) == 0 {
			return "nil"
		}
		parts := make([]string, len(ss))
		for i, s := range ss {
			parts[i] = fmt.Sprintf("%q", s)
		}
		return "[]string{" + strings.Join(parts, ", ") + "}"
	}
	for _, in := range infos {
		fmt.Fprintf(&b, "\t{Name: %q, Protocols: %s, SigningName: %q, TargetPrefix: %q, EndpointPrefix: %q, JSONVersion: %q, APIVersion: %q, ServiceID: %q, PathPrefixes: %s},\n",
			in.Name, q(in.Protocols), in.SigningName, in.TargetPrefix, in.EndpointPrefix, in.JSONVersion, in.APIVersion, in.ServiceID, q(in.PathPrefixes))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
