import hex.genmodel.GenModel;

public abstract class ScoringModel extends GenModel {
  protected ScoringModel(String[] names, String[][] domains, String response) {
    super(names, domains, response);
  }
}
