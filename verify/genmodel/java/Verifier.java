// Verifier loads H2O-3 MOJOs with h2o-genmodel, scores one row with each, and
// prints one JSON object per line: what the JVM runtime itself says of each
// artifact. acrvet -verify=genmodel runs it with Java 11+'s single-file
// launcher:
//
//     java -Xmx256m -cp h2o-genmodel.jar Verifier.java model1.zip model2.zip ...
//
// It reads MOJOs only through genmodel's MojoReaderBackend (a zip or a
// folder): no Java deserialization. One bad artifact never stops the others.
import hex.ModelCategory;
import hex.genmodel.GenModel;
import hex.genmodel.MojoModel;
import hex.genmodel.easy.EasyPredictModelWrapper;
import hex.genmodel.easy.RowData;

public class Verifier {
    public static void main(String[] args) {
        for (String path : args) {
            System.out.println(verify(path));
            System.out.flush();
        }
    }

    static String verify(String path) {
        StringBuilder out = new StringBuilder();
        out.append("{\"path\":").append(quote(path));
        MojoModel model;
        try {
            model = MojoModel.load(path);
        } catch (Throwable t) {
            return out.append(",\"loaded\":false,\"error\":").append(quote(describe(t))).append("}").toString();
        }
        out.append(",\"loaded\":true");
        out.append(",\"category\":").append(quote(String.valueOf(model.getModelCategory())));
        out.append(",\"algorithm\":").append(quote(model._algoName));
        out.append(",\"h2o_version\":").append(quote(model._h2oVersion));
        out.append(",\"features\":[");
        String[] names = model.getNames();
        int nFeatures = model.nfeatures();
        for (int i = 0; i < nFeatures && i < names.length; i++) {
            if (i > 0) out.append(',');
            out.append(quote(names[i]));
        }
        out.append(']');
        try {
            score(model);
            out.append(",\"scored\":true");
        } catch (Throwable t) {
            out.append(",\"scored\":false,\"error\":").append(quote(describe(t)));
        }
        return out.append('}').toString();
    }

    // score predicts one row built from the model's own columns: the first
    // level of each categorical, 1.0 for each numeric column.
    static void score(GenModel model) throws Exception {
        EasyPredictModelWrapper.Config cfg = new EasyPredictModelWrapper.Config()
                .setModel(model)
                .setConvertUnknownCategoricalLevelsToNa(true)
                .setConvertInvalidNumbersToNa(true);
        EasyPredictModelWrapper w = new EasyPredictModelWrapper(cfg);
        RowData row = new RowData();
        String[] names = model.getNames();
        for (int i = 0; i < model.nfeatures() && i < names.length; i++) {
            String[] domain = model.getDomainValues(i);
            if (domain != null && domain.length > 0) {
                row.put(names[i], domain[0]);
            } else {
                row.put(names[i], 1.0);
            }
        }
        ModelCategory category = model.getModelCategory();
        if (category == ModelCategory.WordEmbedding) {
            w.predictWord2Vec(new String[] {"the"});
            return;
        }
        if (category == ModelCategory.TargetEncoder) {
            w.transformWithTargetEncoding(row);
            return;
        }
        w.predict(row);
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        String s = t.getClass().getName() + (msg == null ? "" : ": " + msg);
        Throwable cause = t.getCause();
        if (cause != null && cause != t && cause.getMessage() != null) {
            s += " (caused by " + cause.getClass().getName() + ": " + cause.getMessage() + ")";
        }
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
