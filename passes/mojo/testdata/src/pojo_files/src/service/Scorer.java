import hex.genmodel.GenModel;
import hex.genmodel.MojoModel;
import hex.genmodel.easy.EasyPredictModelWrapper;

public class Scorer {
  private final EasyPredictModelWrapper model;

  public Scorer(String path) throws java.io.IOException {
    GenModel mojo = MojoModel.load(path);
    this.model = new EasyPredictModelWrapper(mojo);
  }
}
